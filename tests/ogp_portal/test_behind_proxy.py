"""The portal behind its TLS proxy, as docker-compose.yml runs it: Caddy (deploy/Caddyfile) in
front of gunicorn (gunicorn.conf.py), on loopback (issue 18, items 1, 3 and 12).

Every request reaches gunicorn from the proxy's address; the clients here connect to the proxy
from different loopback addresses (127.0.0.2, 127.0.0.3, ...), as people from different places
do. Per-address limits must key on the address the proxy reports, not on the proxy's own.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from tests.factories import PASSWORD
from tests.ogp_portal.production import BIN, HOST, ROOT, Response, Server, production_env
from tests.ogp_portal.test_scale_out import Visitor
from tests.services import free_port

pytestmark = pytest.mark.skipif(
    shutil.which("caddy") is None, reason="Caddy is installed by scripts/install-system-packages"
)

COLLEAGUES = 30
SEED = """
import json, django
django.setup()
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from accounts.models import User
from tests.factories import PASSWORD, UserFactory
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    emails = [UserFactory().email for _ in range({count})]
User.objects.update(password=make_password(PASSWORD))  # the real hasher, once
print(json.dumps(emails))
"""
# Small, so that the refusal is quick to show; the default is LETTER_MAX_BYTES and a megabyte.
BODY_LIMIT = 3 * 1024 * 1024


class Through:
    """Requests to a server from one loopback address, like one person's (or office's) browser."""

    def __init__(self, port: int, source: str) -> None:
        self.port, self.source = port, source

    def request(self, method, path, body=None, headers=None) -> Response:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
        )
        try:
            connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()


class Caddy(Server):
    def __init__(self, upstream_port: int, log, data_dir) -> None:
        port = free_port()
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(data_dir),
            "XDG_DATA_HOME": str(data_dir),
            "XDG_CONFIG_HOME": str(data_dir),
            "SITE_DOMAIN": f"http://:{port}",
            "PORTAL_UPSTREAM": f"127.0.0.1:{upstream_port}",
            "REQUEST_BODY_MAX_BYTES": str(BODY_LIMIT),
        }
        command = ["caddy", "run", "--config", str(ROOT / "deploy" / "Caddyfile")]
        command += ["--adapter", "caddyfile"]
        super().__init__(command, env, log, port)


def signed_in(answer: Response) -> bool:
    return answer.status == 302 and answer.headers["Location"] == "/applications/"


def sign_in(server, email, password=PASSWORD) -> Response:
    return Visitor().post(server, "/accounts/login/", {"login": email, "password": password})


@pytest.fixture(scope="module")
def portal(request, tmp_path_factory, static_root, migrated_database):
    from tests.conftest import services_key

    services = request.config.stash[services_key]
    postgres, redis = services.postgres, services.redis
    name = migrated_database("proxy")
    admin = psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, dbname="postgres"
    )
    admin.autocommit = True
    root = tmp_path_factory.mktemp("proxy")
    env = production_env(
        DATABASE_URL=f"postgres://{postgres.user}@127.0.0.1:{postgres.port}/{name}",
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/8",
        STATIC_ROOT=str(static_root),
        PRIVATE_MEDIA_ROOT=str(root / "private"),
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback, as behind the TLS proxy
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        TRUST_PROXY_HEADERS="true",  # as docker-compose.yml sets it
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        REQUEST_BODY_MAX_BYTES=str(BODY_LIMIT),
    )
    started = []
    try:
        done = subprocess.run(
            [sys.executable, "-c", SEED.format(count=COLLEAGUES)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        emails = json.loads(done.stdout.strip().splitlines()[-1])
        port = free_port()
        # gunicorn.conf.py as in production (3 processes of 4 threads), on loopback.
        web = Server(
            [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            + ["ogp_portal.wsgi:application"],
            env,
            root / "web.log",
            port,
        )
        started.append(web.start(timeout=60))
        proxy = Caddy(port, root / "caddy.log", root)
        started.append(proxy)
        proxy.start(timeout=30)
        yield {"web": web, "proxy": proxy, "emails": emails}
    finally:
        for server in reversed(started):
            server.stop()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def test_wrong_passwords_from_one_address_do_not_lock_out_another(portal):
    """Item 1: ten wrong passwords for made-up addresses from one place, then a real user from
    another place signs in; the one who guessed is refused, through a forged header too."""
    attacker = Through(portal["proxy"].port, "127.0.0.2")
    refusals = []
    for attempt in range(12):
        answer = sign_in(attacker, f"nobody{attempt}@example.org", "wrong-password")
        refusals.append(answer.status == 429 or b"Too many failed login attempts" in answer.body)
    assert refusals[:10] == [False] * 10 and all(refusals[10:])

    answer = sign_in(Through(portal["proxy"].port, "127.0.0.3"), portal["emails"][0])
    assert signed_in(answer), answer.body[:400]

    # The proxy replaces a forwarded address the client made up: no way around the limit.
    forged = Visitor()
    forged.get(attacker, "/accounts/login/")
    answer = forged.request(
        attacker,
        "POST",
        "/accounts/login/",
        {"login": "nobody@example.org", "password": "wrong"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert b"Too many failed login attempts" in answer.body or answer.status == 429


def test_thirty_colleagues_behind_one_address_all_get_in_within_a_minute(portal):
    """Item 12: a deadline, one office, one address: everyone signs in at once."""
    office = Through(portal["proxy"].port, "127.0.0.4")
    started = time.monotonic()
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda email: sign_in(office, email), portal["emails"]))
    assert time.monotonic() - started < 60
    refused = [a.status for a in answers if not signed_in(a)]
    assert refused == [], refused


def test_request_bodies_are_capped_at_the_proxy_and_in_gunicorn(portal):
    """Item 3: a body over the limit is refused before the portal reads it."""
    too_big = b"x" * (BODY_LIMIT + 1024)
    headers = {"Content-Type": "application/octet-stream"}
    at_proxy = Through(portal["proxy"].port, "127.0.0.5").request(
        "POST", "/accounts/login/", body=too_big, headers=headers
    )
    assert at_proxy.status == 413

    connection = http.client.HTTPConnection("127.0.0.1", portal["web"].port, timeout=30)
    try:
        # Declared, not sent: gunicorn answers on the header alone.
        connection.putrequest("POST", "/accounts/login/", skip_host=True)
        connection.putheader("Host", HOST)
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(BODY_LIMIT + 1))
        connection.endheaders()
        answer = connection.getresponse()
        assert answer.status == 413
    finally:
        connection.close()
    # Under the limit, the request goes through (and is refused only for its missing CSRF token).
    small = Through(portal["proxy"].port, "127.0.0.5").request(
        "POST", "/accounts/login/", body=b"x" * 1024, headers=headers
    )
    assert small.status == 403
