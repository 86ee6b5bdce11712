import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from .enums import ArchiveStatus


def private_storage():
    return storages["private"]


def archive_file_name(call_id) -> str:
    """A random name: the path says nothing that could be guessed."""
    return f"archives/{call_id}/{uuid.uuid4().hex}.zip"


class CallArchive(models.Model):
    """One ZIP with everything about a closed call, for the auditors (records/archive.py)."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="archives", verbose_name=_("call")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArchiveStatus.choices, default=ArchiveStatus.PENDING
    )
    file = models.FileField(_("file"), storage=private_storage, max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    file_count = models.PositiveIntegerField(_("files"), null=True, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # The builder's claim and its signs of life (records/stuck.py sweeps the silent ones).
    started_at = models.DateTimeField(_("build started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("builder last seen"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("builds started"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("call archive")
        verbose_name_plural = _("call archives")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.call} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def download_name(self) -> str:
        return f"archive-{self.call.slug}-{self.pk}.zip"


class RetentionRecord(models.Model):
    """One run of the retention rule (records/retention.py): what it removed, as counts."""

    ran_at = models.DateTimeField(_("ran at"))
    letter_files_deleted = models.PositiveIntegerField(_("letter files deleted"), default=0)
    packet_files_deleted = models.PositiveIntegerField(_("packet files deleted"), default=0)
    accounts_deleted = models.PositiveIntegerField(_("unverified accounts deleted"), default=0)
    drafts_deleted = models.PositiveIntegerField(_("unsubmitted drafts deleted"), default=0)
    rules = models.JSONField(_("rules applied"), default=dict)
    details = models.JSONField(
        _("details"), default=dict, help_text=_("Ids of what was removed, by kind.")
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at", "-id"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
