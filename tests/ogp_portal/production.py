"""Running the portal as production does, in child processes: management commands and
gunicorn with ``DEBUG=0`` and settings from the environment only."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.services import ServiceError, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
HOST = "portal.example.org"
# What a host sets at the least (issue 11): everything else has a production default.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "r0duct10n-s3cr3t-k3y-0f-f1fty-ch",
    "ALLOWED_HOSTS": HOST,
}
# Settings a developer's shell or .env might hold, which must not leak into these processes.
CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "S3_BUCKET",
    "STATIC_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "TRUST_PROXY_HEADERS",
    "PRIVATE_FILES_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(PRODUCTION)
    env["DJANGO_SETTINGS_MODULE"] = "ogp_portal.settings"
    env.update({key: str(value) for key, value in settings.items()})
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Server:
    """A gunicorn (or any) server process on a free port of 127.0.0.1, stopped by its pid."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path, port: int) -> None:
        self.command, self.env, self.log, self.port = command, env, log, port
        self.process: subprocess.Popen | None = None

    @classmethod
    def gunicorn(cls, env: dict[str, str], log: Path, workers: int = 1) -> Server:
        port = free_port()
        command = [
            str(BIN / "gunicorn"),
            "ogp_portal.wsgi:application",
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
            *("--timeout", "60", "--graceful-timeout", "5"),
        ]
        return cls(command, env, log, port)

    def start(self, timeout: float = 30) -> Server:
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServiceError(f"server exited:\n{self.log.read_text(errors='replace')}")
            try:
                self.get("/healthz")
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise ServiceError(f"server did not answer:\n{self.log.read_text(errors='replace')}")

    def request(self, method: str, path: str, body=None, headers=None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
