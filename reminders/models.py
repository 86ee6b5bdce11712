"""What was reminded to whom, the people who turned a reminder off, and each call's days."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from .enums import ReminderKind, occasion_label


class Reminder(models.Model):
    """One reminder sent: its row is written in the transaction that sends it, and the unique
    key (kind, what it is about, recipient, occasion) makes a second send impossible however
    often beat runs (see docs/reminders.md)."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    occasion = models.CharField(_("occasion"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call"),
    )
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("about_type", "about_id")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_type", "about_id", "email", "occasion"],
                name="one_reminder_per_occasion",
            )
        ]
        indexes = [models.Index(fields=["-sent_at", "-id"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"

    @property
    def occasion_label(self):
        return occasion_label(self.occasion)


class ReminderOptOut(models.Model):
    """A person who turned off one kind of reminder that the process does not require."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs"
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self):
        return f"{self.user} - {self.get_kind_display()}"


def validate_days(value: str) -> None:
    try:
        days = parse_days(value)
    except ValueError:
        days = None
    if value.strip() and not days:
        raise ValidationError(
            _("Write whole numbers of days separated by commas, for example: 14, 3, 1.")
        )


def parse_days(value: str) -> list[int]:
    days = sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True)
    if any(day < 0 or day > 365 for day in days):
        raise ValueError(value)
    return days


class CallReminderSettings(models.Model):
    """The days before a call's deadlines its reminders go out; an empty box keeps the
    portal's default (settings.REMINDER_DAYS)."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="reminder_settings", verbose_name=_("call")
    )
    draft_days = models.CharField(
        _("drafts: days before the close"),
        max_length=60,
        blank=True,
        validators=[validate_days],
        help_text=_("Days separated by commas. Empty: the portal's default, 14, 3, 1."),
    )
    invitation_days = models.CharField(
        _("letters not uploaded: days before the close"),
        max_length=60,
        blank=True,
        validators=[validate_days],
        help_text=_("Days separated by commas. Empty: the portal's default, 7, 2."),
    )
    review_days = models.CharField(
        _("reviews: days before the review deadline"),
        max_length=60,
        blank=True,
        validators=[validate_days],
        help_text=_("Days separated by commas. Empty: the portal's default, 7, 1."),
    )

    class Meta:
        verbose_name = _("reminder days")
        verbose_name_plural = _("reminder days")

    def __str__(self):
        return str(self.call)

    def days(self, name: str) -> list[int]:
        value = getattr(self, f"{name}_days")
        return parse_days(value) if value.strip() else default_days(name)


def default_days(name: str) -> list[int]:
    return sorted(settings.REMINDER_DAYS[name], reverse=True)


def days_for(call, name: str) -> list[int]:
    """``call``'s days for ``name`` (draft, invitation, review); read ``reminder_settings``
    through select_related so no call costs a query."""
    try:
        return call.reminder_settings.days(name)
    except CallReminderSettings.DoesNotExist:
        return default_days(name)
