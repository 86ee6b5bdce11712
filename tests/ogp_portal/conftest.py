"""Set-up shared by the tests that run the portal as production does (child processes).

Two slow steps, ``collectstatic`` with the production storage and ``manage.py migrate`` of a
template database, are started in the background as soon as the collected tests are known to
need them: they run on the second core while the tests before ``tests/ogp_portal`` run, and the
fixtures wait for them (usually already done) on first use.
"""

import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg2
import pytest

from tests.ogp_portal.production import ROOT, production_env

# Compressing every static file takes a while on a busy machine: 120 s was seen to run out.
BACKGROUND_TIMEOUT = 600
background_key = pytest.StashKey[dict]()


class Background:
    """A management command started now, waited for (and checked) later."""

    def __init__(self, *args, env):
        self.args = args
        # Output to a file: a pipe nobody reads until the end could fill up and block it.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by stop())
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.checked = False

    def wait(self):
        self.process.wait(timeout=BACKGROUND_TIMEOUT)
        self.log.seek(0)
        output = self.log.read().decode(errors="replace")
        assert self.process.returncode == 0, f"manage.py {' '.join(self.args)}:\n{output}"
        self.checked = True

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _admin_connection(config):
    from tests.conftest import services_key

    postgres = config.stash[services_key].postgres
    admin = psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, dbname="postgres"
    )
    admin.autocommit = True
    return postgres, admin


def pytest_collection_finish(session):
    needed = set()
    for item in session.items:
        needed.update({"static_root", "migrated_database"} & set(getattr(item, "fixturenames", ())))
    config = session.config
    if not needed or config.option.collectonly:
        return
    started = config.stash[background_key] = {}
    if "static_root" in needed:
        root = Path(tempfile.mkdtemp(prefix="ogp-test-static-"))
        config.add_cleanup(lambda: shutil.rmtree(root, ignore_errors=True))
        job = Background("collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(root)))
        config.add_cleanup(job.stop)
        started["static_root"] = (job, root)
    if "migrated_database" in needed:
        postgres, admin = _admin_connection(config)
        template = f"migrated_{uuid.uuid4().hex[:8]}"
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {template}")
        admin.close()
        url = f"postgres://{postgres.user}@127.0.0.1:{postgres.port}/{template}"
        job = Background("migrate", "--noinput", env=production_env(DATABASE_URL=url))
        config.add_cleanup(job.stop)
        started["migrated_database"] = (job, template)


def _started(request, name):
    """The background job for ``name`` and what it made, once it has finished well."""
    job, made = request.config.stash[background_key][name]
    if not job.checked:
        job.wait()
    return made


@pytest.fixture(scope="session")
def static_root(request):
    """collectstatic with the production storage (WhiteNoise's compressed manifest), once for
    the tests that run production servers."""
    return _started(request, "static_root")


@pytest.fixture(scope="session")
def migrated_database(request):
    """``migrated_database(prefix)`` makes a new, empty database with every migration applied
    and returns its name; the caller drops it.

    ``manage.py migrate`` runs once per session, as production runs it (a child process with
    settings from the environment), into a template; each database is then a copy of it
    (``CREATE DATABASE ... TEMPLATE``, a file copy inside PostgreSQL), so the servers started
    by test_behind_proxy.py and test_scale_out.py do not each migrate their own."""
    template = _started(request, "migrated_database")
    _postgres, admin = _admin_connection(request.config)

    def make(prefix):
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    yield make
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
    admin.close()
