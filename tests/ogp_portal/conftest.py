import pytest

from tests.ogp_portal.production import manage, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """collectstatic with the production storage (WhiteNoise's compressed manifest), once for
    the tests that run production servers."""
    root = tmp_path_factory.mktemp("static")
    result = manage("collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(root)))
    assert result.returncode == 0, result.stdout + result.stderr
    return root
