"""Archives stuck "being built": a builder that was killed (out of memory, a worker restarted,
the machine lost) leaves its archive BUILDING for ever. While it builds, a builder stamps
``heartbeat_at`` every heartbeat_interval(); beat's sweep (sweep_stuck_archives) takes each
archive silent for lease(), removes its partial file through the storage API, and queues it
again, ARCHIVE_MAX_BUILDS builds in all; after the last one the archive is failed with a
reason, and the coordinator may ask for a new one. Settings: ARCHIVE_HEARTBEAT_SECONDS,
ARCHIVE_LEASE_SECONDS, ARCHIVE_SWEEP_SECONDS, ARCHIVE_MAX_BUILDS.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .domain import move_archive
from .enums import ArchiveStatus
from .models import CallArchive, private_storage

logger = logging.getLogger(__name__)


def heartbeat_interval() -> timedelta:
    return timedelta(seconds=settings.ARCHIVE_HEARTBEAT_SECONDS)


def lease() -> timedelta:
    """A builder silent this long is dead."""
    return timedelta(seconds=settings.ARCHIVE_LEASE_SECONDS)


class Heartbeat(threading.Thread):
    """Stamps ``heartbeat_at`` every heartbeat_interval() while the build holds its claim, from
    its own database connection."""

    def __init__(self, archive_id, claimed_at):
        super().__init__(name=f"archive-{archive_id}-heartbeat", daemon=True)
        self.archive_id, self.claimed_at = archive_id, claimed_at
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(heartbeat_interval().total_seconds()):
                try:
                    CallArchive.objects.filter(
                        pk=self.archive_id,
                        status=ArchiveStatus.BUILDING,
                        started_at=self.claimed_at,
                    ).update(heartbeat_at=timezone.now())
                except (OperationalError, InterfaceError):
                    logger.warning("Archive %s: heartbeat not recorded", self.archive_id)
        finally:
            connections.close_all()  # this thread's own connection only

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)


def remove_file(name) -> None:
    """Delete a (partial) archive file from private storage, if there is one."""
    if not name:
        return
    storage = private_storage()
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.warning("Archive file %s could not be removed", name)


def silent_archives(now):
    """Being built, but the builder has not been heard of for lease()."""
    return CallArchive.objects.alias(
        last_sign_of_life=Coalesce("heartbeat_at", "started_at", "created_at")
    ).filter(Q(status=ArchiveStatus.BUILDING, last_sign_of_life__lt=now - lease()))


def sweep_stuck_archives(*, now=None) -> dict:
    """Queue again, or fail, every archive whose builder went silent; returns their ids."""
    from . import tasks

    now = now or timezone.now()
    outcome = {"requeued": [], "failed": []}
    for archive_id in silent_archives(now).values_list("pk", flat=True):
        with transaction.atomic():
            archive = (
                silent_archives(now).select_for_update(skip_locked=True).filter(pk=archive_id)
            ).first()
            if archive is None:  # finished, or swept by another beat, meanwhile
                continue
            remove_file(archive.file.name)
            if archive.attempts < settings.ARCHIVE_MAX_BUILDS:
                move_archive(
                    archive, ArchiveStatus.PENDING, file="", started_at=None, heartbeat_at=None
                )
                transaction.on_commit(lambda pk=archive.pk: tasks.build_call_archive_task.delay(pk))
                outcome["requeued"].append(archive.pk)
            else:
                move_archive(
                    archive,
                    ArchiveStatus.FAILED,
                    file="",
                    finished_at=now,
                    error=_(
                        "The builder stopped answering %(count)s times (a worker was stopped "
                        "while it built); the partial file was removed. Ask for the archive again."
                    )
                    % {"count": archive.attempts},
                )
                outcome["failed"].append(archive.pk)
            logger.warning("Archive %s: builder silent since %s", archive.pk, archive.heartbeat_at)
    return outcome
