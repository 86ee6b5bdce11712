"""A real worker (main process and its pool child) is SIGKILLed while it builds a call's archive:
the archive stays "being built" with no builder; beat's sweep (records/stuck.py) finds it silent
once ARCHIVE_LEASE_SECONDS ran out and queues it again, and a fresh worker builds it."""

import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from letters.enums import LetterKind
from letters.models import Letter, letter_file_path
from records import archive as archive_builder
from records import domain
from records.enums import ArchiveStatus
from records.models import CallArchive
from tests.factories import ApplicationFactory, CallFactory
from tests.reviews.factories import make_coordinator

FAST_RECOVERY = {
    "ARCHIVE_HEARTBEAT_SECONDS": "0.2",
    "ARCHIVE_LEASE_SECONDS": "1",
    "ARCHIVE_SWEEP_SECONDS": "0.5",
}
LETTER_MB = 64  # random bytes deflate slowly: the build takes seconds, time enough to kill it


def a_call_with_a_big_letter():
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1))
    application = ApplicationFactory(call=call)
    content = os.urandom(LETTER_MB * 1024 * 1024)
    letter = Letter(
        application=application,
        kind=LetterKind.CIVIL_SOCIETY,
        author_organisation="Fundación Tribu",
        signatory_name="Tomás González",
        signed_on=now.date(),
        original_filename="support.pdf",
        content_type="application/pdf",
        size=len(content),
        page_count=1,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    storage = Letter._meta.get_field("file").storage
    letter.file.name = storage.save(letter_file_path(letter, "support.pdf"), ContentFile(content))
    letter.save()
    return call


def archive_files(call):
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "archives" / str(call.pk)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_build_is_swept_and_the_archive_built_again(celery_processes):
    from accounts.roles import ensure_roles

    ensure_roles()
    call = a_call_with_a_big_letter()
    celery_processes.beat(**FAST_RECOVERY)
    first = celery_processes.worker("first", **FAST_RECOVERY)

    archive = domain.request_archive(call=call, by=make_coordinator())  # sent on commit
    deadline = time.monotonic() + 60
    while CallArchive.objects.get(pk=archive.pk).heartbeat_at is None:  # alive, mid-build
        assert time.monotonic() < deadline, f"no build started:\n{first.output()}"
        time.sleep(0.05)
    first.kill()
    killed_at = time.monotonic()

    archive.refresh_from_db()
    assert (archive.status, archive.attempts) == (ArchiveStatus.BUILDING, 1)
    second = celery_processes.worker("second", **FAST_RECOVERY)

    while (archive := CallArchive.objects.get(pk=archive.pk)).status != ArchiveStatus.READY:
        assert archive.status != ArchiveStatus.FAILED, archive.error
        assert time.monotonic() - killed_at < 120, (
            f"still {archive.status} two minutes after the kill (builds: {archive.attempts}):\n"
            + second.output()[-3000:]
        )
        time.sleep(0.2)
    assert archive.attempts == 2  # the killed build and the one that finished
    assert f"'requeued': [{archive.pk}]" in second.output()  # by beat's sweep
    assert archive_files(call) == [Path(archive.file.name).name]  # nothing partial left
    assert archive_builder.verify(archive.file.path) == []
