"""Scale-out on one machine: two web servers and two Celery workers that share no disk, only
PostgreSQL, Redis and the object store (docs/deployment.md).

A letter uploaded through server A downloads through server B; applications submitted on B
get their packets from whichever worker is free, each rendered exactly once, and the workers'
log lines carry the request id of the submission that queued them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg2
import pytest

from tests.factories import PASSWORD
from tests.letters import samples
from tests.ogp_portal.production import BIN, ROOT, Server, production_env

APPLICATIONS = 2
SEED = """
import json, django
django.setup()
from reviews.domain import ensure_default_decision_emails
from accounts.roles import ensure_roles
ensure_roles()
ensure_default_decision_emails()
from tests.factories import ApplicationFactory, UserFactory, complete_application
owner = UserFactory()
references = []
for _ in range({count}):
    application = ApplicationFactory(owner=owner)
    complete_application(application)
    references.append(application.reference)
print(json.dumps({{"email": owner.email, "references": references}}))
"""


class Visitor:
    """A browser's worth of HTTP: cookies (shared by both servers: one host name) and CSRF."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, server, method, path, fields=None, files=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
            body, content_type = multipart(fields, files or {})
            headers["Content-Type"] = content_type
        answer = server.request(method, path, body=body, headers=headers)
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return answer

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, fields=None, files=None):
        self.get(server, path)  # the form page sets the CSRF cookie, as for a person
        return self.request(server, "POST", path, fields, files)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Worker:
    def __init__(self, name, env, log: Path) -> None:
        self.name, self.env, self.log = name, env, log
        self.process: subprocess.Popen | None = None

    def start(self, timeout=60) -> Worker:
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"), "-A", "ogp_portal", "worker", "--pool", "solo",
                "--concurrency", "1", "-n", f"{self.name}@%h", "--loglevel", "INFO",
                "--without-gossip", "--without-mingle",
            ],
            cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            if "ready." in self.log.read_text(errors="replace"):
                return self
            time.sleep(0.2)
        raise AssertionError(f"worker {self.name} not ready:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def lines(self) -> list[dict]:
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                found.append(json.loads(line))
        return found


@pytest.fixture(scope="module")
def cluster(request, tmp_path_factory, object_store, static_root, migrated_database):

    from tests.conftest import services_key

    clock = time.monotonic()

    def lap(what):
        print(f"scale-out: {what} after {time.monotonic() - clock:.1f}s", file=sys.stderr)

    services = request.config.stash[services_key]
    postgres, redis = services.postgres, services.redis
    name = migrated_database("scale")  # migrated (a copy of the session's template)
    admin = psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, dbname="postgres"
    )
    admin.autocommit = True
    lap("database")
    bucket = f"portal-{uuid.uuid4().hex[:12]}"
    object_store.client().create_bucket(Bucket=bucket)
    root = tmp_path_factory.mktemp("scale-out")

    def env_for(machine):
        local = root / machine
        local.mkdir()
        return production_env(
            DATABASE_URL=f"postgres://{postgres.user}@127.0.0.1:{postgres.port}/{name}",
            REDIS_URL=f"redis://127.0.0.1:{redis.port}/7",  # apart from the session's queue
            STATIC_ROOT=str(static_root),
            PRIVATE_MEDIA_ROOT=str(local / "private"),  # each machine its own, unused disk
            SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1, as behind a TLS proxy
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            **object_store.environment(bucket),
        )

    started = []
    try:
        setup_env = env_for("setup")
        seed = subprocess.run(
            [sys.executable, "-c", SEED.format(count=APPLICATIONS)],
            cwd=ROOT, env=setup_env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert seed.returncode == 0, seed.stderr
        data = json.loads(seed.stdout.strip().splitlines()[-1])
        lap("seed")
        # Queued while seeding (nothing submitted yet, but be sure): start from an empty queue.
        servers = {
            machine: Server.gunicorn(env_for(machine), root / f"{machine}.log")
            for machine in ["a", "b"]
        }
        workers = [Worker(m, env_for(m), root / f"{m}.log") for m in ["w1", "w2"]]
        started.extend([*servers.values(), *workers])
        # All four start at once: their boot times overlap.
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda process: process.start(), started))
        lap("web servers and workers")
        database = psycopg2.connect(
            host="127.0.0.1", port=postgres.port, user=postgres.user, dbname=name
        )
        database.autocommit = True
        yield {
            "a": servers["a"], "b": servers["b"], "workers": workers, "db": database,
            "root": root, **data,
        }  # fmt: skip
        database.close()
    finally:
        clock = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda process: process.stop(), started))
        lap("stopped")
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def query(cluster, sql, *args):
    with cluster["db"].cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def files_on_disk(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and path.suffix != ".log"]


def test_two_servers_two_workers_share_only_database_redis_and_object_store(cluster):
    a, b = cluster["a"], cluster["b"]
    assert a.get("/healthz").status == 200 and b.get("/healthz").status == 200
    visitor = Visitor()
    signed_in = visitor.post(
        a, "/accounts/login/", {"login": cluster["email"], "password": PASSWORD}
    )
    assert signed_in.status == 302, signed_in.body[:500]

    # A letter uploaded through A...
    reference = cluster["references"][0]
    letter = samples.pdf("Uploaded through server A.")
    uploaded = visitor.post(
        a,
        f"/applications/{reference}/letters/",
        {
            "upload": "1",
            "letter-kind": "civil_society",
            "letter-author_organisation": "Asociación Scale Out",
            "letter-signatory_name": "Ana Torres",
            "letter-signatory_title": "President",
            "letter-signed_on": "2026-11-02",
            "letter-language": "es",
        },
        {"letter-file": ("scale-out.pdf", letter, "application/pdf")},
    )
    assert uploaded.status == 302, uploaded.body[:2000]
    [(letter_id,)] = query(
        cluster, "SELECT id FROM letters_letter WHERE original_filename = %s", "scale-out.pdf"
    )
    # ... downloads through B, which never saw it.
    downloaded = visitor.get(b, f"/applications/{reference}/letters/{letter_id}/download/")
    assert downloaded.status == 200
    assert downloaded.body == letter

    # Every application submitted on B: one packet each, from whichever worker was free.
    request_ids = {}
    for reference in cluster["references"]:
        submitted = visitor.post(
            b,
            f"/applications/{reference}/submit/",
            {"confirm": "on", "acknowledge_term_warning": "on", "publication_consent": "on"},
        )
        assert submitted.status == 302, submitted.body[:2000]
        request_ids[reference] = submitted.headers["X-Request-ID"]

    deadline = time.monotonic() + 120
    while True:
        rows = query(
            cluster,
            "SELECT a.reference, p.version, p.status FROM packets_packet p"
            " JOIN applications_application a ON a.id = p.application_id",
        )
        if sum(status == "ready" for _, _, status in rows) >= APPLICATIONS:
            break
        assert time.monotonic() < deadline, f"packets not ready: {rows}"
        time.sleep(0.5)
    time.sleep(1)  # a duplicate render, if any, would show up now
    rows = query(
        cluster,
        "SELECT a.reference, p.version, p.status FROM packets_packet p"
        " JOIN applications_application a ON a.id = p.application_id",
    )
    assert sorted(rows) == sorted((r, 1, "ready") for r in cluster["references"])

    renders = [
        line
        for worker in cluster["workers"]
        for line in worker.lines()
        if re.search(r"render_packet_task\[.*\] succeeded", line.get("message", ""))
    ]
    assert len(renders) == APPLICATIONS  # each packet rendered exactly once
    assert {line["request_id"] for line in renders} == set(request_ids.values())

    packet = visitor.get(a, f"/applications/{cluster['references'][0]}/packet/")
    assert packet.status == 200 and packet.body.startswith(b"%PDF")
    # Nothing was written on any machine's own disk: everything went to the bucket.
    assert files_on_disk(cluster["root"]) == []


def test_wrong_passwords_count_across_servers(cluster):
    """10.5: the rate limit lives in Redis, so taking turns between servers gains nothing."""
    refused = []
    for attempt in range(8):
        server = cluster["a"] if attempt % 2 else cluster["b"]
        answer = Visitor().post(
            server, "/accounts/login/", {"login": cluster["email"], "password": "guess"}
        )
        refused.append(answer.status == 429 or b"Too many failed login attempts" in answer.body)
    assert refused == [False] * 5 + [True] * 3
