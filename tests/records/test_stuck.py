"""Archives stuck "being built" (records/stuck.py): a builder that stops stamping its heartbeat
is swept after the lease, its partial file removed through the storage API; the archive is
queued again once, then failed, and the coordinator may ask again. The clock is frozen."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from records import domain, stuck
from records.enums import ArchiveStatus
from records.models import CallArchive, private_storage
from tests.factories import CallFactory
from tests.ogp_portal.test_object_storage import bucket  # noqa: F401  (a fixture)
from tests.reviews.factories import make_coordinator

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LEASE = datetime.timedelta(seconds=90)


@pytest.fixture
def archive_settings(settings):
    settings.ARCHIVE_HEARTBEAT_SECONDS = 15
    settings.ARCHIVE_LEASE_SECONDS = LEASE.total_seconds()
    settings.ARCHIVE_MAX_BUILDS = 2


def claimed_and_left_half_written(archive):
    """What a builder killed mid-save leaves: BUILDING, and part of the file in storage."""
    claimed_at = domain.claim_archive(archive)
    archive.refresh_from_db()
    assert (archive.status, archive.started_at) == (ArchiveStatus.BUILDING, claimed_at)
    private_storage().save(archive.file.name, ContentFile(b"PK\x03\x04 half an archive"))
    assert private_storage().exists(archive.file.name)
    return archive.file.name


@pytest.mark.django_db
def test_a_silent_builder_is_queued_again_once_then_failed_and_its_partial_file_removed(
    archive_settings, django_capture_on_commit_callbacks
):
    coordinator = make_coordinator()
    call = CallFactory(
        opens_at=START - datetime.timedelta(days=60), closes_at=START - datetime.timedelta(days=1)
    )
    with time_machine.travel(START, tick=False):
        archive = domain.request_archive(call=call, by=coordinator)
        first_file = claimed_and_left_half_written(archive)

    # Alive: a heartbeat a minute in keeps it for another lease.
    with time_machine.travel(START + datetime.timedelta(seconds=60), tick=False):
        CallArchive.objects.filter(pk=archive.pk).update(heartbeat_at=timezone.now())
    with time_machine.travel(START + datetime.timedelta(seconds=60) + LEASE, tick=False):
        assert stuck.sweep_stuck_archives() == {"requeued": [], "failed": []}
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.BUILDING
    assert private_storage().exists(first_file)

    # Silent for longer than the lease: queued again, the partial file gone.
    later = START + datetime.timedelta(seconds=61) + LEASE
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks() as queued,
    ):
        assert stuck.sweep_stuck_archives() == {"requeued": [archive.pk], "failed": []}
    assert len(queued) == 1  # the build task, sent once the sweep commits
    archive.refresh_from_db()
    assert (archive.status, archive.attempts, archive.file.name) == (ArchiveStatus.PENDING, 1, "")
    assert not private_storage().exists(first_file)

    # The second build is killed too: failed with a reason, its partial file gone, not queued.
    with time_machine.travel(later + datetime.timedelta(seconds=5), tick=False):
        second_file = claimed_and_left_half_written(archive)
    assert second_file != first_file
    last = later + datetime.timedelta(seconds=6) + LEASE
    with time_machine.travel(last, tick=False), django_capture_on_commit_callbacks() as queued:
        assert stuck.sweep_stuck_archives() == {"requeued": [], "failed": [archive.pk]}
    assert queued == []
    archive.refresh_from_db()
    assert (archive.status, archive.attempts, archive.file.name) == (ArchiveStatus.FAILED, 2, "")
    assert archive.finished_at == last
    assert "stopped answering 2 times" in archive.error
    assert not private_storage().exists(second_file)
    # Swept once is enough: a failed archive is left alone.
    with time_machine.travel(last + LEASE * 10, tick=False):
        assert stuck.sweep_stuck_archives() == {"requeued": [], "failed": []}

    # The coordinator asks again, and gets a new archive.
    with django_capture_on_commit_callbacks() as queued:
        again = domain.request_archive(call=call, by=coordinator)
    assert again.pk != archive.pk and again.status == ArchiveStatus.PENDING and len(queued) == 1


@pytest.mark.django_db
def test_a_build_that_was_swept_meanwhile_does_not_overwrite_the_new_claim(archive_settings):
    """A builder that was only slow (its heartbeat lost) finishes after the sweep gave the
    archive to another build: its result is dropped and its file removed."""
    call = CallFactory(
        opens_at=START - datetime.timedelta(days=60), closes_at=START - datetime.timedelta(days=1)
    )
    archive = CallArchive.objects.create(call=call)
    with time_machine.travel(START, tick=False):
        claimed_at = domain.claim_archive(archive)
    archive.refresh_from_db()
    with time_machine.travel(START + LEASE * 2, tick=False):
        assert stuck.sweep_stuck_archives()["requeued"] == [archive.pk]
    archive.refresh_from_db()
    assert not domain._finish(archive, claimed_at, ArchiveStatus.READY, sha256="0" * 64)
    archive.refresh_from_db()
    assert (archive.status, archive.sha256) == (ArchiveStatus.PENDING, "")


def test_beat_sweeps_stuck_archives(settings):
    from records.tasks import sweep_stuck_archives_task

    entry = settings.CELERY_BEAT_SCHEDULE["records-sweep-stuck-archives"]
    assert entry["task"] == sweep_stuck_archives_task.name
    assert entry["schedule"] == settings.ARCHIVE_SWEEP_SECONDS == 60


@pytest.mark.django_db
def test_the_sweep_removes_a_partial_file_from_object_storage(
    bucket,  # noqa: F811
    object_store,
    archive_settings,
):
    # S3 refuses requests signed at a time far from its own clock: the clock stays real here
    # and the sweep is asked for a moment two leases on.
    now = timezone.now()
    call = CallFactory(opens_at=now - datetime.timedelta(days=60), closes_at=now)
    archive = CallArchive.objects.create(call=call)
    name = claimed_and_left_half_written(archive)
    client = object_store.client()
    assert client.head_object(Bucket=bucket, Key=f"private/{name}")

    swept = stuck.sweep_stuck_archives(now=timezone.now() + LEASE * 2)

    assert swept == {"requeued": [archive.pk], "failed": []}
    listed = client.list_objects_v2(Bucket=bucket, Prefix="private/archives/")
    assert [item["Key"] for item in listed.get("Contents", [])] == []
