from django.db import models
from django.utils.translation import gettext_lazy as _


class PacketStatus(models.TextChoices):
    """Where one rendering of a packet stands. Only packets.domain moves a packet between them."""

    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# A packet in one of these states stands for its inputs: asking again for the same inputs
# returns it instead of rendering anew. A failed packet stands for nothing.
LIVE_STATUSES = (PacketStatus.QUEUED, PacketStatus.RENDERING, PacketStatus.READY)
