from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


ALLOWED_ARCHIVE_TRANSITIONS = {
    ArchiveStatus.PENDING: {ArchiveStatus.BUILDING, ArchiveStatus.FAILED},
    # Back to PENDING: its builder stopped answering and the sweep queues it once more.
    ArchiveStatus.BUILDING: {ArchiveStatus.READY, ArchiveStatus.FAILED, ArchiveStatus.PENDING},
    ArchiveStatus.READY: set(),
    ArchiveStatus.FAILED: set(),
}
# An archive on its way: while a call has one, a new one of the same call is refused.
ARCHIVE_IN_PROGRESS = {ArchiveStatus.PENDING, ArchiveStatus.BUILDING}
