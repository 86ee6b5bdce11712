"""The review of submitted applications: criteria, reviewers, assignments, reviews, decisions.

Every model here keeps its history (django-simple-history): who changed what, and when.
Writes go through domain.py, which sets the history's user and checks the rules.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.template import TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from applications.models import Application
from calls.models import Call

from .enums import DecisionOutcome, DueDiligenceOutcome, Recommendation, ReviewStage, ReviewStatus


class Criterion(models.Model):
    """One thing reviewers score for a call, on a scale, counted with a weight."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("What reviewers look for, shown next to the score.")
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("How much this criterion counts in the weighted mean score."),
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    position = models.PositiveIntegerField(_("position"), default=0)

    # The per-language columns (reviews/translation.py) are added after the history model is
    # built; the history keeps the default language's name and guidance.
    history = HistoricalRecords(
        excluded_fields=[
            f"{field}_{code}"
            for field in ("name", "guidance")
            for code, _name in settings.LANGUAGES
        ]
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_runs_upwards",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def scale_locked(self) -> bool:
        """Once a score exists, changing the scale would change what that score means."""
        return self.pk is not None and self.scores.exists()

    def clean(self):
        if (
            self.scale_min is not None
            and self.scale_max is not None
            and self.scale_max <= self.scale_min
        ):
            raise ValidationError(
                {"scale_max": _("The highest score must be above the lowest score.")}
            )
        if self.pk is not None and self.scale_locked:
            saved = type(self).objects.values("scale_min", "scale_max").get(pk=self.pk)
            if (saved["scale_min"], saved["scale_max"]) != (self.scale_min, self.scale_max):
                raise ValidationError(
                    _("Reviewers have already scored this criterion; its scale cannot change.")
                )


class Reviewer(models.Model):
    """A member of the selection committee, with the country they step aside for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Reviewers are never assigned applications from their own country."),
    )
    available = models.BooleanField(
        _("available for new assignments"),
        default=True,
        help_text=_("Unavailable reviewers keep their assignments but get no new ones."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["user__email"]

    def __str__(self):
        return str(self.user)


class Candidacy(models.Model):
    """A submitted application's way through the pipeline: its stage and due diligence."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="candidacy",
        verbose_name=_("application"),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=ReviewStage.choices,
        default=ReviewStage.COMPLETENESS,
        editable=False,
    )
    stage_changed_at = models.DateTimeField(_("stage since"), default=timezone.now, editable=False)
    stage_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("stage changed by"),
    )
    due_diligence_outcome = models.CharField(
        _("due diligence outcome"),
        max_length=20,
        choices=DueDiligenceOutcome.choices,
        blank=True,
    )
    due_diligence_notes = models.TextField(
        _("due diligence notes"),
        blank=True,
        help_text=_("What the national OGP contacts and other sources said."),
    )
    due_diligence_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("due diligence recorded by"),
    )
    due_diligence_at = models.DateTimeField(
        _("due diligence recorded"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["application__reference"]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self):
        return str(self.application)


class StageChange(models.Model):
    """One move of a candidacy from stage to stage: who, when, and why."""

    candidacy = models.ForeignKey(
        Candidacy,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("candidacy"),
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=ReviewStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=ReviewStage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["candidacy", "changed_at", "id"])]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Assignment(models.Model):
    """A reviewer asked to review one application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["application__reference", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self):
        return _("%(reviewer)s reviews %(reference)s") % {
            "reviewer": self.reviewer,
            "reference": self.application.reference,
        }


class StandingConflicts(models.Manager):
    """The conflicts in force: a withdrawn one stays in the table, out of every rule."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class ConflictOfInterest(models.Model):
    """A reviewer's declared conflict with an application: they step aside from it.

    Checked inside the permission predicates (rules.py): from its declaration on, the reviewer
    can neither score the application nor see its other reviews. A conflict is never deleted:
    the reviewer who declared it or a coordinator may withdraw it
    (``reviews.domain.withdraw_conflict``), which records who, when and why.
    ``objects`` holds the standing conflicts; ``all_conflicts`` the withdrawn ones too.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
        verbose_name=_("reviewer"),
    )
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    history = HistoricalRecords()

    all_conflicts = models.Manager()
    objects = StandingConflicts()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "id"]
        indexes = [models.Index(fields=["-declared_at", "id"], name="conflict_declared_idx")]
        base_manager_name = "all_conflicts"
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_standing_conflict_per_reviewer",
            )
        ]

    def __str__(self):
        return _("%(reviewer)s on %(reference)s") % {
            "reviewer": self.reviewer,
            "reference": self.application.reference,
        }


class Review(models.Model):
    """A reviewer's assessment of one application: a draft until submitted, then final."""

    assignment = models.OneToOneField(
        Assignment,
        on_delete=models.CASCADE,
        related_name="review",
        verbose_name=_("assignment"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=30, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assignment__application__reference", "id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return str(self.assignment)

    @property
    def is_submitted(self):
        return self.status == ReviewStatus.SUBMITTED


class Score(models.Model):
    """One criterion's score in one review, with the reviewer's comment."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value if self.value is not None else '–'}"


class Decision(models.Model):
    """The Support Unit's decision on an application; applicants learn it once released."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name=_("application"),
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    reason = models.TextField(
        _("reason"),
        help_text=_(
            "Why. The decision e-mail includes it where its template uses {{ reason }}, so "
            "write it for the applicants."
        ),
    )
    feedback = models.TextField(
        _("feedback to the applicant"),
        blank=True,
        help_text=_(
            "The selection committee's feedback, sent with the decision e-mail in the "
            "application's language; it starts from the comments reviewers let the applicant "
            "read."
        ),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    emailed_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "id"]
        indexes = [models.Index(fields=["-decided_at", "id"], name="decision_decided_idx")]

    def __str__(self):
        return f"{self.application.reference}: {self.get_outcome_display()}"

    @property
    def is_released(self):
        return self.released_at is not None


class DecisionEmailTemplate(models.Model):
    """The decision e-mail in one language, for one call or (without a call) for every call.

    Subject and body are Django templates on plain text (no HTML escaping). Placeholders:
    {{ recipient }}, {{ government }}, {{ reference }}, {{ call }}, {{ outcome }} (admitted,
    not_admitted or waitlisted), {{ outcome_label }}, {{ reason }}, {{ application_url }}.
    """

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_email_templates",
        verbose_name=_("call"),
        help_text=_("Leave empty for the template every call uses unless it has its own."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Placeholders: {{ recipient }}, {{ government }}, {{ reference }}, {{ call }}, "
            "{{ outcome_label }}, {{ reason }}, {{ application_url }}. Choose wording per "
            'outcome with {% if outcome == "admitted" %}…{% elif outcome == "waitlisted" %}…'
            "{% else %}…{% endif %}."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision e-mail template")
        verbose_name_plural = _("decision e-mail templates")
        ordering = ["call", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "language"],
                condition=models.Q(call__isnull=False),
                name="one_decision_email_per_call_and_language",
            ),
            models.UniqueConstraint(
                fields=["language"],
                condition=models.Q(call__isnull=True),
                name="one_default_decision_email_per_language",
            ),
        ]

    def __str__(self):
        scope = self.call or _("every call")
        return f"{scope} ({self.get_language_display()})"

    def clean(self):
        from .mail import compile_plain_template

        errors = {}
        for field in ("subject", "body"):
            try:
                compile_plain_template(getattr(self, field) or "")
            except TemplateSyntaxError as error:
                errors[field] = _("This template has an error: %(error)s") % {"error": error}
        if errors:
            raise ValidationError(errors)


class RankedApplication(Application):
    """Submitted applications as the ranking sees them; only a name for the admin's ranking."""

    class Meta:
        proxy = True
        verbose_name = _("ranking")
        verbose_name_plural = _("ranking")


class ApplicationScores(models.Model):
    """What the submitted, unconflicted reviews of one application add up to, as the ranking
    reads them: stored, one row per application with an assignment, and kept true by
    ``reviews.domain.refresh_ranking``, which every domain function that changes a counted
    review, an assignment, a conflict or a criterion calls in its own transaction.

    Stored rather than computed on each page: computing them means reading every score of
    the call (240,000 at 10,000 applications, most of a second), and the ranking's page,
    its count and its export would each pay for it. An application without a row has no
    assignment: no mean, nothing counted.
    """

    application = models.OneToOneField(
        "applications.Application",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="review_scores",
    )
    # Sum(score × weight) / Sum(weight) over every counted review's scores.
    weighted_mean = models.FloatField(null=True)
    # The highest and lowest of the counted reviews' own weighted means.
    highest_mean = models.FloatField(null=True)
    lowest_mean = models.FloatField(null=True)
    # Highest minus lowest, from two counted reviews on (one review has no spread).
    spread = models.FloatField(null=True)
    # The spread is queries.LARGE_SPREAD_SHARE of the call's scale or more.
    large_spread = models.BooleanField(default=False)
    reviews_submitted = models.IntegerField(default=0)
    # Assignments without a standing conflict.
    reviews_assigned = models.IntegerField(default=0)
    admit_count = models.IntegerField(default=0)
    conditions_count = models.IntegerField(default=0)
    reject_count = models.IntegerField(default=0)

    class Meta:
        db_table = "reviews_application_scores"

    def __str__(self):
        return f"{self.application_id}: {self.weighted_mean}"
