import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application

from .enums import LIVE_STATUSES, PacketStatus


def private_storage():
    return storages["private"]


def packet_file_name(application_id) -> str:
    """A random name: nothing about the application can be guessed from the path."""
    return f"packets/{application_id}/{uuid.uuid4().hex}.pdf"


class PacketQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def ready(self):
        return self.filter(status=PacketStatus.READY)


class Packet(models.Model):
    """One rendering of an application's packet: the answers and every letter, as one PDF.

    ``inputs`` is the plain description the PDF is rendered from and ``input_hash`` its
    SHA-256; a packet is never re-rendered with other inputs: changed inputs make a new version
    and the old one is kept.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="packets",
        verbose_name=_("application"),
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=PacketStatus.choices, default=PacketStatus.QUEUED
    )
    input_hash = models.CharField(_("footprint of the inputs (SHA-256)"), max_length=64)
    inputs = models.JSONField(_("inputs"))
    file = models.FileField(
        _("file"), storage=private_storage, max_length=200, blank=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    rendered_page_count = models.PositiveIntegerField(
        _("rendered pages"),
        null=True,
        blank=True,
        help_text=_("Pages laid out by the portal: cover, contents, answers, partners, index."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    render_seconds = models.FloatField(_("rendering time (s)"), null=True, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Bumped when a request for the same inputs reuses this packet: the newest request is the
    # packet that matches the application now.
    requested_at = models.DateTimeField(_("last requested"))
    enqueued_at = models.DateTimeField(_("last sent to the workers"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("renderer last seen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = PacketQuerySet.as_manager()

    class Meta:
        verbose_name = _("packet")
        verbose_name_plural = _("packets")
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="packet_version"),
            models.UniqueConstraint(
                fields=["application", "input_hash"],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="one_live_packet_per_input",
            ),
        ]
        indexes = [models.Index(fields=["status", "enqueued_at"])]
        permissions = [("render_packet", _("Can render packets again"))]

    def __str__(self):
        return f"{self.application.reference} v{self.version}"

    @property
    def download_name(self) -> str:
        return f"{self.application.reference}-packet-v{self.version}.pdf"

    @property
    def letter_page_count(self):
        if self.page_count is None or self.rendered_page_count is None:
            return None
        return self.page_count - self.rendered_page_count
