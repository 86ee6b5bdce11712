from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .eligibility import default_eligible_countries
from .enums import CallPhase, CallStage, QuestionKind


class CallQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def published(self):
        return self.filter(results_published_at__isnull=False)


class Call(models.Model):
    """A call for new OGP Local members, with its deadline and its form."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("The deadline. Submissions are refused from this moment.")
    )
    review_deadline = models.DateTimeField(
        _("review deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Reviewers submit their reviews by this moment; reminders go out before it and "
            "once a review is overdue."
        ),
    )
    results_published_at = models.DateTimeField(
        _("results published"),
        null=True,
        blank=True,
        help_text=_("Once set, the public record lists the call's applicants and decisions."),
    )

    eligible_countries = CountryField(
        _("eligible countries"),
        multiple=True,
        blank=True,
        default=default_eligible_countries,
        help_text=_(
            "Local governments of these countries may apply. New calls start with the "
            "countries taking part in OGP."
        ),
    )

    # Two-stage calls (docs/two-stage-calls.md): the full-application stage names the
    # expression-of-interest call it follows; a call without either link runs in one stage.
    expression_of_interest = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="full_application_call",
        verbose_name=_("expression-of-interest stage"),
        help_text=_(
            "For the full application of a two-stage call: the call for expressions of interest "
            "whose shortlisted applicants are invited to this one."
        ),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("call_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The deadline must come after the opening.")})

    def phase(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return CallPhase.UPCOMING
        if now < self.closes_at:
            return CallPhase.OPEN
        return CallPhase.CLOSED

    @property
    def is_open(self):
        return self.phase() == CallPhase.OPEN

    @property
    def stage(self) -> str:
        """CallStage: single, expression of interest (a full-application call follows it) or
        full application (it follows an expression-of-interest call)."""
        if self.expression_of_interest_id:
            return CallStage.FULL_APPLICATION
        if hasattr(self, "full_application_call"):
            return CallStage.EXPRESSION_OF_INTEREST
        return CallStage.SINGLE

    def accepts_country(self, country) -> bool:
        code = getattr(country, "code", country)
        return bool(code) and code in {c.code for c in self.eligible_countries}


class Section(models.Model):
    """A titled part of a call's application form."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="sections", verbose_name=_("call")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["call", "position", "id"]

    def __str__(self):
        return self.title


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired=False)


class Question(models.Model):
    """One question of a call's form. A question with answers is retired, never deleted."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.LONG_TEXT
    )
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one option per line.")
    )
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveIntegerField(
        _("maximum length"), null=True, blank=True, help_text=_("In characters, for text answers.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("Retired questions are no longer asked; their answers are kept."),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
        help_text=_(
            "In a full-application call: the expression-of-interest question whose answer "
            "this one starts with."
        ),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position", "id"]

    def __str__(self):
        return self.text

    def clean(self):
        if self.kind == QuestionKind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": _("A choice question needs at least one option.")})

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def field_name(self):
        return f"question_{self.pk}"
