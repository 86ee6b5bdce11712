"""Writes of the records app: asking for a call's archive and building it."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.enums import CallPhase

from . import archive as archive_builder
from .enums import ALLOWED_ARCHIVE_TRANSITIONS, ArchiveStatus
from .exceptions import RecordsError
from .models import CallArchive

logger = logging.getLogger(__name__)


def request_archive(*, call, by, now=None) -> CallArchive:
    """A coordinator asks for the archive of a closed call; a worker builds it."""
    from . import tasks

    if not by.has_perm("records.request_archive"):
        raise RecordsError(_("Only coordinators may ask for a call's archive."))
    if call.phase(now) != CallPhase.CLOSED:
        raise RecordsError(_("The archive is built once the call has closed."))
    archive = CallArchive.objects.create(call=call, requested_by=by)
    tasks.build_call_archive_task.delay_on_commit(archive.pk)
    return archive


def _move(archive, to_status, **fields):
    if to_status not in ALLOWED_ARCHIVE_TRANSITIONS[ArchiveStatus(archive.status)]:
        raise RecordsError(
            _("An archive cannot go from %(from)s to %(to)s.")
            % {"from": archive.status, "to": to_status}
        )
    archive.status = to_status
    for name, value in fields.items():
        setattr(archive, name, value)
    archive.save()


def build_archive(*, archive, now=None) -> CallArchive:
    """Build the archive's ZIP into private storage; a failure is recorded on the row."""
    with transaction.atomic():
        archive = CallArchive.objects.select_for_update().select_related("call").get(pk=archive.pk)
        if archive.status != ArchiveStatus.PENDING:
            return archive
        _move(archive, ArchiveStatus.BUILDING)
    try:
        archive_builder.save_archive(archive)
    except Exception as error:
        logger.exception("archive %s failed", archive.pk)
        _move(
            archive,
            ArchiveStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=now or timezone.now(),
        )
        raise
    _move(archive, ArchiveStatus.READY, finished_at=now or timezone.now())
    return archive
