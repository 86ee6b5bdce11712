import uuid

import psycopg2
import pytest

from tests.ogp_portal.production import manage, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """collectstatic with the production storage (WhiteNoise's compressed manifest), once for
    the tests that run production servers."""
    root = tmp_path_factory.mktemp("static")
    # Compressing every file takes a while on a busy machine: 120 s was seen to run out.
    result = manage(
        "collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(root)), timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="session")
def migrated_database(request):
    """``migrated_database(prefix)`` makes a new, empty database with every migration applied
    and returns its name; the caller drops it.

    ``manage.py migrate`` runs once per session, as production runs it (a child process with
    settings from the environment), into a template; each database is then a copy of it
    (``CREATE DATABASE ... TEMPLATE``, a file copy inside PostgreSQL), so the servers started
    by test_behind_proxy.py and test_scale_out.py do not each migrate their own."""
    from tests.conftest import services_key

    postgres = request.config.stash[services_key].postgres
    admin = psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, dbname="postgres"
    )
    admin.autocommit = True
    template = None

    def make(prefix):
        nonlocal template
        if template is None:
            name = f"migrated_{uuid.uuid4().hex[:8]}"
            with admin.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {name}")
            template = name
            url = f"postgres://{postgres.user}@127.0.0.1:{postgres.port}/{name}"
            done = manage("migrate", "--noinput", env=production_env(DATABASE_URL=url))
            assert done.returncode == 0, done.stdout + done.stderr
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    yield make
    if template is not None:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
    admin.close()
