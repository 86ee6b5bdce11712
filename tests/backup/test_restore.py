"""Backups that restore (issue 18): the portal is filled (applications, letters, packets,
reviews, a decision, members with plans and reports, their history), backed up as
docs/deployment.md says ("Backups, as tested"), restored into fresh servers started here, and
read by a portal process started on them with production settings from the environment.

- Database: ``pg_dump --format=custom`` of the portal's database, first; restored with
  ``pg_restore --no-owner`` into an empty database of a new PostgreSQL cluster, then
  ``manage.py migrate``.
- Bucket: ``rclone sync`` of the bucket to a copy (here a folder), after the dump; restored by
  ``rclone sync`` into a bucket of a new SeaweedFS server.

The restored portal must read every row (history tables included) as before, every letter,
packet and plan PDF with the same SHA-256, and each application's history and each member's
public record in the same words (``tests/backup/digest.py``). Select with ``-m backup``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from letters.models import Letter
from members.models import ActionPlan
from packets.models import Packet
from tests.backup.digest import APP_LABELS, digest
from tests.conftest import services_key
from tests.ogp_portal.production import ROOT, production_env
from tests.ogp_portal.test_object_storage import s3_storages
from tests.services import ObjectStoreServer, PostgresServer, postgres_bindir

pytestmark = pytest.mark.backup
DOCS = ROOT / "docs" / "deployment.md"
# What docs/deployment.md ("Backups, as tested") tells operators to run, as this test runs it.
DOCUMENTED = (
    'pg_dump --format=custom --file=ogp-$(date +%F).dump "$DATABASE_URL"',
    "rclone sync portal:BUCKET /backups/bucket",
    'pg_restore --no-owner --dbname="$DATABASE_URL" ogp-DATE.dump',
    "rclone sync /backups/bucket portal:BUCKET",
    "python manage.py migrate",
    "**Dump the database first",
)

PRIVATE_FILE_FIELDS = [
    Letter._meta.get_field("file"),
    Packet._meta.get_field("file"),
    ActionPlan._meta.get_field("pdf"),
]


@pytest.fixture
def bucket(object_store, settings, monkeypatch):
    """The private storage is a fresh bucket of the session's SeaweedFS (as with S3_BUCKET)."""
    name = f"portal-{uuid.uuid4().hex[:12]}"
    object_store.client().create_bucket(Bucket=name)
    settings.STORAGES = s3_storages(settings, object_store, name)
    for field in PRIVATE_FILE_FIELDS:
        monkeypatch.setattr(field, "storage", storages["private"])
    return name


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
    return result


def rclone_env(**remotes):
    """rclone remotes from the environment (no config file): name -> S3 server."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env["RCLONE_CONFIG"] = os.devnull  # no config file: the remotes are all here
    for name, server in remotes.items():
        prefix = f"RCLONE_CONFIG_{name.upper()}_"
        env.update(
            {
                f"{prefix}TYPE": "s3",
                f"{prefix}PROVIDER": "Other",
                f"{prefix}ENDPOINT": server.endpoint,
                f"{prefix}REGION": server.region,
                f"{prefix}ACCESS_KEY_ID": server.access_key,
                f"{prefix}SECRET_ACCESS_KEY": server.secret_key,
                f"{prefix}FORCE_PATH_STYLE": "true",
            }
        )
    return env


def fill_the_portal():
    """The permission matrix's scene: three applications (one submitted, reviewed and
    decided), their letters (one through an invitation), a packet, reviewers, conflicts, a
    member with published and draft plans and reports, invitations; then a replaced letter."""
    from accounts.roles import ensure_roles
    from reviews.domain import ensure_default_decision_emails
    from tests.letters.test_views import upload_letter
    from tests.security.scene import build_scene

    ensure_roles()
    ensure_default_decision_emails()
    scene = build_scene()
    upload_letter(scene.applications["D"])  # a second letter on D, with its events
    return scene


def test_the_documented_backup_is_the_tested_one():
    section = DOCS.read_text().split("### Backups, as tested")[1].split("\n## ")[0]
    for command in DOCUMENTED:
        assert command in section, command
    assert "tests/backup/test_restore.py" in section
    assert "no point-in-time restore" in section


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_fresh_servers(request, tmp_path, object_store, bucket):
    source = request.config.stash[services_key].postgres
    bindir = postgres_bindir()
    clock = time.monotonic()

    def lap(what):
        print(f"backup: {what} after {time.monotonic() - clock:.1f}s", file=sys.stderr)

    fresh_postgres, fresh_store = PostgresServer(), ObjectStoreServer()
    request.addfinalizer(fresh_postgres.stop)
    request.addfinalizer(fresh_store.stop)
    with ThreadPoolExecutor(2) as pool:
        # The fresh servers start while the portal is filled.
        starting = [pool.submit(fresh_postgres.start), pool.submit(fresh_store.start)]
        try:
            fill_the_portal()
            lap("filled")
            before = digest()
        finally:
            for future in starting:
                future.result()
    lap("fresh servers started, digest taken")

    # What the backup must hold, so that the comparison means something.
    rows = before["rows"]
    for label in (
        "applications.Application",
        "applications.ApplicationEvent",
        "letters.Letter",
        "packets.Packet",
        "reviews.Review",
        "reviews.HistoricalReview",
        "reviews.Decision",
        "members.Member",
        "members.MemberEvent",
        "members.EndOfCommitmentReport",
    ):
        assert rows[label], f"the portal was filled with no {label}"
    assert {key.split(":")[0] for key in before["files"]} == {
        "letters.Letter",
        "packets.Packet",
        "members.ActionPlan",
    }
    for letter in rows["letters.Letter"]:
        assert before["files"][f"letters.Letter:{letter['id']}:file"] == letter["sha256"]
    unlisted = [
        field
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and field not in PRIVATE_FILE_FIELDS
    ]
    assert not unlisted, f"file fields this test does not back up: {unlisted}"

    # Back up as docs/deployment.md says: the database first, then the bucket.
    database = settings.DATABASES["default"]["NAME"]
    dump = tmp_path / "ogp-backup.dump"
    run(
        [
            str(bindir / "pg_dump"),
            "--format=custom",
            f"--file={dump}",
            f"postgres://{source.user}@127.0.0.1:{source.port}/{database}",
        ]
    )
    copy = tmp_path / "bucket-copy"
    run(["rclone", "sync", f"portal:{bucket}", str(copy)], env=rclone_env(portal=object_store))
    lap("backed up")

    # Restore into the fresh servers: an empty database, an empty bucket of the same name.
    admin = psycopg2.connect(
        host="127.0.0.1", port=fresh_postgres.port, user=fresh_postgres.user, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("CREATE DATABASE ogp")
    admin.close()
    restored_url = f"postgres://{fresh_postgres.user}@127.0.0.1:{fresh_postgres.port}/ogp"
    run([str(bindir / "pg_restore"), "--no-owner", f"--dbname={restored_url}", str(dump)])
    fresh_store.client().create_bucket(Bucket=bucket)
    run(["rclone", "sync", str(copy), f"restored:{bucket}"], env=rclone_env(restored=fresh_store))
    lap("restored")

    # The portal, started on the restored servers only (production settings, no Redis).
    env = production_env(
        DATABASE_URL=restored_url,
        PRIVATE_MEDIA_ROOT=str(tmp_path / "unused-disk"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        **fresh_store.environment(bucket),
    )
    read = run(
        [sys.executable, "-m", "tests.backup.digest", "--migrate"], cwd=ROOT, env=env, timeout=120
    )
    assert "No migrations to apply" in read.stderr  # the dump had the code's schema
    after = json.loads(read.stdout.strip().splitlines()[-1])
    lap("read by the restored portal")

    for label, table in before["rows"].items():
        assert after["rows"][label] == table, f"{label} differs after the restore"
    assert after["files"] == before["files"]
    assert after["readings"] == before["readings"]
