"""The selection committee's room: its discussion of each application, the cohort it forms
(targets, shortlist) and its meetings. Decisions themselves are ``reviews.Decision``.

Every model keeps its history (django-simple-history); writes go through ``domain.py``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application
from calls.models import Call

from .enums import CohortDimension


class Comment(models.Model):
    """One contribution to the committee's discussion of an application. Never deleted.

    ``shareable``: the author lets the applicant read it, without their name, through the
    feedback summary the coordinator writes from such comments.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="committee_comments",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    shareable = models.BooleanField(
        _("the applicant may read it"),
        default=False,
        help_text=_("Without your name, in the feedback sent with the decision."),
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["written_at", "id"]
        indexes = [models.Index(fields=["application", "written_at", "id"])]

    def __str__(self):
        return f"{self.application_id}: {self.text[:40]}"


class CohortPlan(models.Model):
    """What the coordinator wants the call's cohort to look like, as a whole."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="cohort_plan", verbose_name=_("call")
    )
    size = models.PositiveIntegerField(
        _("cohort size"), null=True, blank=True, help_text=_("How many new members to admit.")
    )
    max_country_share = models.PositiveSmallIntegerField(
        _("largest share of one country (%)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The meeting warns when one country takes more of the shortlist than this."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cohort plan")
        verbose_name_plural = _("cohort plans")

    def __str__(self):
        return str(self.call)


class CohortTarget(models.Model):
    """How many members the coordinator aims for in one region, level or population band."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="cohort_targets", verbose_name=_("call")
    )
    dimension = models.CharField(_("by"), max_length=20, choices=CohortDimension.choices)
    value = models.CharField(_("value"), max_length=40)
    target = models.PositiveIntegerField(_("target"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cohort target")
        verbose_name_plural = _("cohort targets")
        ordering = ["call", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "dimension", "value"], name="one_cohort_target_per_value"
            )
        ]

    def __str__(self):
        return f"{self.dimension}={self.value}: {self.target}"


class ShortlistMark(models.Model):
    """The committee proposes this application for the cohort. Removed when it changes its
    mind; the history keeps both."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="shortlist_mark",
        verbose_name=_("application"),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shortlisted application")
        verbose_name_plural = _("shortlisted applications")

    def __str__(self):
        return str(self.application_id)


class Meeting(models.Model):
    """One sitting of the selection committee on a call: who was there. Its minutes list what
    was decided on the call and why (``reviews.Decision``)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="committee_meetings", verbose_name=_("call")
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("attendees")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "held_on"], name="one_meeting_per_call_and_day")
        ]

    def __str__(self):
        return f"{self.call} {self.held_on}"
