"""Production as a host runs it: `DEBUG=0`, a real secret key and one host name, nothing else.

The checks Django offers for deployment pass, the static files build with the production
storage, and gunicorn itself serves them compressed, under hashed names, cached for a year.
"""

import json
import re
import subprocess
import sys

import pytest

from tests.ogp_portal.production import HOST, ROOT, Server, manage, production_env

YEAR = 365 * 24 * 3600


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_a_host_turns_hsts_off():
    """The switches exist, and Django then says what the host gave up."""
    env = production_env(SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_collectstatic_with_the_production_storage(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/bootstrap/bootstrap.bundle.min.js"]
    assert re.fullmatch(r"vendor/bootstrap/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js", hashed)
    assert (static_root / hashed).exists()
    assert (static_root / (hashed + ".gz")).exists()  # compressed beside the original
    assert "css/portal.css" in manifest and "admin/css/base.css" in manifest


@pytest.fixture(scope="module")
def production_server(static_root, tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = production_env(
        STATIC_ROOT=str(static_root),
        DATABASE_URL="sqlite:////nonexistent/x",
        TRUST_PROXY_HEADERS="1",  # as behind the TLS proxy of docker-compose.yml
    )
    server = Server.gunicorn(env, log)
    try:
        # /healthz answers 503 here (no database): the server is up all the same.
        server.start()
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("name", ["admin/css/base.css", "css/portal.css"])
def test_gunicorn_serves_static_files_hashed_compressed_and_cached(
    production_server, static_root, name
):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest[name]
    assert hashed != name and re.search(r"\.[0-9a-f]{12}\.css$", hashed)

    answer = production_server.get(
        f"/static/{hashed}", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    )
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    assert answer.headers["Content-Encoding"] == "gzip"
    cache = answer.headers["Cache-Control"]
    assert f"max-age={10 * YEAR}" in cache or f"max-age={YEAR}" in cache, cache
    assert "immutable" in cache


def test_production_redirects_to_https_and_sends_hsts(production_server):
    answer = production_server.get("/static/css/portal.css")
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{HOST}/static/css/portal.css"


def settings_value(name, **environment):
    code = f"import django; django.setup(); from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(**environment),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_proxy_header_is_trusted_only_when_the_host_says_so():
    """10.5: without TRUST_PROXY_HEADERS a client's X-Forwarded-Proto claims nothing."""
    assert settings_value("SECURE_PROXY_SSL_HEADER") == "None"
    assert settings_value("SECURE_PROXY_SSL_HEADER", TRUST_PROXY_HEADERS="1") == repr(
        ("HTTP_X_FORWARDED_PROTO", "https")
    )


def test_the_cache_is_redis_when_redis_url_is_set(settings):
    """10.5: one cache for every process, so rate limits count across gunicorn workers."""
    assert "LocMemCache" in settings_value("CACHES")
    caches = settings_value("CACHES", REDIS_URL=settings.REDIS_URL)
    assert "django.core.cache.backends.redis.RedisCache" in caches
    assert settings.REDIS_URL in caches
