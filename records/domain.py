"""Writes of the records app: asking for a call's archive and building it."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.enums import CallPhase
from calls.models import Call

from . import archive as archive_builder
from .enums import ALLOWED_ARCHIVE_TRANSITIONS, ARCHIVE_IN_PROGRESS, ArchiveStatus
from .exceptions import RecordsError
from .models import CallArchive, archive_file_name

logger = logging.getLogger(__name__)


def archive_refusal(*, call, now=None) -> str | None:
    """Why no archive of ``call`` may be asked for now, or None: the call must be closed, and
    one archive at a time (a failed or ready one does not hold up a new one)."""
    if call.phase(now) != CallPhase.CLOSED:
        return _("The archive is built once the call has closed.")
    if CallArchive.objects.filter(call=call, status__in=ARCHIVE_IN_PROGRESS).exists():
        return _(
            "An archive of this call is already waiting for a worker or being built. Wait "
            "until it is ready, or has failed, before asking for another one."
        )
    return None


def request_archive(*, call, by, now=None) -> CallArchive:
    """A coordinator asks for the archive of a closed call; a worker builds it."""
    from . import tasks

    if not by.has_perm("records.request_archive"):
        raise RecordsError(_("Only coordinators may ask for a call's archive."))
    with transaction.atomic():
        # Two requests at once: the second waits for the first's row, then is refused.
        call = Call.objects.select_for_update().get(pk=call.pk)
        if refusal := archive_refusal(call=call, now=now):
            raise RecordsError(refusal)
        archive = CallArchive.objects.create(call=call, requested_by=by)
        tasks.build_call_archive_task.delay_on_commit(archive.pk)
    return archive


def move_archive(archive, to_status, **fields):
    """Change the archive's status, as ALLOWED_ARCHIVE_TRANSITIONS permit, and save it."""
    if to_status not in ALLOWED_ARCHIVE_TRANSITIONS[ArchiveStatus(archive.status)]:
        raise RecordsError(
            _("An archive cannot go from %(from)s to %(to)s.")
            % {"from": archive.status, "to": to_status}
        )
    archive.status = to_status
    for name, value in fields.items():
        setattr(archive, name, value)
    archive.save()


def claim_archive(archive):
    """Take a waiting archive for this builder; returns the claim's time, or None if another
    builder has it or it is done. The file's name is chosen now, so that a build stopped
    half-way leaves a partial file that records/stuck.py can find and remove."""
    with transaction.atomic():
        archive = CallArchive.objects.select_for_update().filter(pk=archive.pk).first()
        if archive is None or archive.status != ArchiveStatus.PENDING:
            return None
        claimed_at = timezone.now()
        move_archive(
            archive,
            ArchiveStatus.BUILDING,
            started_at=claimed_at,
            heartbeat_at=None,
            attempts=archive.attempts + 1,
            file=archive_file_name(archive.call_id),
            error="",
        )
    return claimed_at


def _finish(archive, claimed_at, to_status, **fields) -> bool:
    """Record the build's end, only if this builder still holds the claim (the sweep may have
    given the archive to another one)."""
    assert to_status in ALLOWED_ARCHIVE_TRANSITIONS[ArchiveStatus.BUILDING]
    return bool(
        CallArchive.objects.filter(
            pk=archive.pk, status=ArchiveStatus.BUILDING, started_at=claimed_at
        ).update(status=to_status, **fields)
    )


def build_archive(*, archive, now=None) -> CallArchive:
    """Build the archive's ZIP into private storage; a failure is recorded on the row. While it
    builds, a heartbeat says the builder is alive (records/stuck.py)."""
    from .stuck import Heartbeat, remove_file

    claimed_at = claim_archive(archive)
    if claimed_at is None:
        archive.refresh_from_db()
        return archive
    archive = CallArchive.objects.select_related("call").get(pk=archive.pk)
    heartbeat = Heartbeat(archive.pk, claimed_at)
    heartbeat.start()
    try:
        archive_builder.save_archive(archive)
    except Exception as error:
        logger.exception("archive %s failed", archive.pk)
        remove_file(archive.file.name)
        _finish(
            archive,
            claimed_at,
            ArchiveStatus.FAILED,
            file="",
            error=f"{type(error).__name__}: {error}",
            finished_at=now or timezone.now(),
        )
        raise
    finally:
        heartbeat.stop()
    finished = _finish(
        archive,
        claimed_at,
        ArchiveStatus.READY,
        file=archive.file.name,
        sha256=archive.sha256,
        size=archive.size,
        file_count=archive.file_count,
        finished_at=now or timezone.now(),
    )
    if not finished:  # swept while it built: the archive is another build's now
        remove_file(archive.file.name)
    archive.refresh_from_db()
    return archive
