import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Organisation

from .enums import LetterKind, LetterStatus, SignatureStatus


def private_storage():
    return storages["private"]


def letter_file_path(letter, filename):
    """A random name: the original name is display text only, never a path."""
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        letter.content_type, ""
    )
    return f"letters/{letter.application_id}/{uuid.uuid4().hex}{suffix}"


class LetterInvitationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class LetterInvitation(models.Model):
    """An invitation to an organisation to upload one letter of support, with no account.

    The link carries a token signed with the site's secret (see letters/tokens.py) that names
    this invitation and its nonce; revoking the invitation or closing the call ends it.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="letter_invitations",
        verbose_name=_("application"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=250)
    email = models.EmailField(_("contact e-mail"))
    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    nonce = models.CharField(max_length=64, default=secrets.token_urlsafe, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    objects = LetterInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter invitation")
        verbose_name_plural = _("letter invitations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at", "id"])]

    def __str__(self):
        return f"{self.organisation_name} ({self.get_kind_display()})"


class LetterQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=LetterStatus.RECEIVED)


class Letter(models.Model):
    """A letter of intent or support, with what the portal learnt from its file."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    government = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters_of_intent",
        verbose_name=_("government it speaks for"),
        help_text=_("For letters of intent: the lead government or a government partner."),
    )
    author_organisation = models.CharField(_("author organisation"), max_length=250)
    signatory_name = models.CharField(_("signed by"), max_length=200)
    signatory_title = models.CharField(_("signatory's position"), max_length=200)
    signed_on = models.DateField(_("date signed"))
    language = models.CharField(_("language of the letter"), max_length=10, default="es")
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )

    # The file, judged by its content (letters/validation.py).
    file = models.FileField(
        storage=private_storage, upload_to=letter_file_path, max_length=200, verbose_name=_("file")
    )
    original_filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50, verbose_name=_("file type"))
    size = models.PositiveIntegerField(_("size in bytes"))
    page_count = models.PositiveIntegerField(_("pages"))
    sha256 = models.CharField("SHA-256", max_length=64)
    extracted_text = models.TextField(_("extracted text"), blank=True)

    # Digital signature, where the PDF carries one.
    signature_status = models.CharField(
        _("digital signature"),
        max_length=20,
        choices=SignatureStatus.choices,
        default=SignatureStatus.NONE,
    )
    signature_signer = models.CharField(_("digitally signed by"), max_length=300, blank=True)
    signature_time = models.DateTimeField(_("digitally signed at"), null=True, blank=True)
    edit_protected = models.BooleanField(
        _("protected against editing"),
        default=False,
        help_text=_("The PDF opens without a password but its author locked it against editing."),
    )

    # Who brought it.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    invitation = models.ForeignKey(
        LetterInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("uploaded through invitation"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["application", "kind", "uploaded_at", "id"]
        indexes = [
            models.Index(fields=["application", "status"]),
            models.Index(fields=["application", "kind", "uploaded_at", "id"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.author_organisation}"

    @property
    def display_filename(self):
        return PurePath(self.original_filename).name
