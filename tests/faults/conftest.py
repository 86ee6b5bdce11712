"""Shared set-up of the fault tests: servers of their own, to stop, kill and restart.

The session's PostgreSQL and Redis serve every other test; these tests start their own where
they break something, so the rest of the suite never notices.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.ogp_portal.production import CLEARED, ROOT
from tests.services import PostgresServer, RedisServer


def point_celery_at(url: str) -> None:
    """Send tasks to ``url`` from now on (Celery caches its connection pools: drop them)."""
    from ogp_portal.celery import app

    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_broker():
    """A Redis server of the test's own, which Celery sends tasks to while the test runs."""
    from ogp_portal.celery import app

    server = RedisServer().start()
    session_url = app.conf.broker_url
    point_celery_at(server.url)
    try:
        yield server
    finally:
        point_celery_at(session_url)
        server.stop()


@pytest.fixture
def own_postgres():
    server = PostgresServer().start()
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()


# --- Real Celery processes -------------------------------------------------------------------


class CeleryProcess:
    """``celery -A ogp_portal <worker|beat>`` as a child process, in a process group of its own
    (a prefork worker is a main process and its pool's children: they die together)."""

    def __init__(self, name: str, arguments: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.arguments, self.env, self.log = name, arguments, env, log
        self.process: subprocess.Popen | None = None

    def start(self, ready: str, timeout: float = 60) -> CeleryProcess:
        """Start and wait until the log shows ``ready``."""
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "ogp_portal", *self.arguments],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while ready not in self.log.read_text(errors="replace"):
            assert self.process.poll() is None, f"{self.name} exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"{self.name} not ready:\n{self.output()}"
            time.sleep(0.1)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL to the whole group, as the kernel's OOM killer or a lost machine would."""
        self._signal_group(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None:
            return
        self._signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._signal_group(signal.SIGKILL)  # the pool's children too, whatever the main did
        self.process.wait()

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


class CeleryProcesses:
    """Workers and beat of the portal, run as production runs them, against the test database,
    a Redis database of their own on the session's server and the test's private files."""

    def __init__(self, broker_url: str, folder: Path) -> None:
        self.broker_url, self.folder = broker_url, folder
        self.started: list[CeleryProcess] = []

    def environment(self, **extra: str) -> dict[str, str]:
        database = settings.DATABASES["default"]  # NAME is the test database's by now
        env = {key: value for key, value in os.environ.items() if key not in CLEARED}
        env.pop("CELERY_BROKER_URL", None)
        env.pop("CELERY_RESULT_BACKEND", None)
        env.update(
            DJANGO_SETTINGS_MODULE="ogp_portal.settings",
            DATABASE_URL=(
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
            CONN_MAX_AGE="0",
            REDIS_URL=self.broker_url,
            PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        env.update(extra)
        return env

    def worker(self, name: str, **settings_: str) -> CeleryProcess:
        """A prefork worker with one child process, started and ready."""
        arguments = [
            "worker", "--pool", "prefork", "--concurrency", "1", "-n", f"{name}@%h",
            "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        return self._start(name, arguments, settings_, ready="ready.")

    def beat(self, **settings_: str) -> CeleryProcess:
        arguments = [
            "beat", "--loglevel", "INFO", "--schedule", str(self.folder / "beat-schedule"),
        ]  # fmt: skip
        return self._start("beat", arguments, settings_, ready="beat: Starting")

    def _start(self, name, arguments, settings_, ready) -> CeleryProcess:
        process = CeleryProcess(
            name, arguments, self.environment(**settings_), self.folder / f"{name}.log"
        )
        self.started.append(process)  # before starting: a half-started one is stopped too
        return process.start(ready)

    def stop_all(self) -> None:
        for process in self.started:
            process.stop()


@pytest.fixture
def celery_processes(transactional_db, request, tmp_path):
    """Start real worker and beat processes; all are stopped (their whole process group) when
    the test ends, before the test database is flushed. Requires committed data, hence
    ``transactional_db``: the processes have their own connections.

    They use Redis database 9 of the session's server, emptied before and after: the
    session's queue (database 0) and its in-thread worker never see their messages, and
    the test process sends its tasks there while the test runs.
    """
    import redis

    from ogp_portal.celery import app
    from tests.conftest import services_key

    port = request.config.stash[services_key].redis.port
    url = f"redis://127.0.0.1:{port}/9"
    broker = redis.Redis.from_url(url)
    broker.flushdb()
    session_url = app.conf.broker_url
    point_celery_at(url)
    processes = CeleryProcesses(url, tmp_path)
    try:
        yield processes
    finally:
        processes.stop_all()
        point_celery_at(session_url)
        broker.flushdb()
        broker.close()
