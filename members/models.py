from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from applications.enums import GovernmentLevel
from applications.models import Application, Invitation

from .enums import (
    OPEN_GOVERNMENT_QUESTIONS,
    AsPlanned,
    EventKind,
    OGPValue,
    OpenGovernmentDegree,
    ProgressLevel,
    Status,
)


def private_storage():
    return storages["private"]


class Member(models.Model):
    """A local government in OGP Local, with the partners it applied with.

    Made once, when an "admitted" decision on its application is released; members who joined
    before the portal have no application.
    """

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=250)
    country = CountryField(_("country"))
    government_level = models.CharField(
        _("level of government"), max_length=20, choices=GovernmentLevel.choices
    )
    year_joined = models.PositiveSmallIntegerField(_("year joined"))
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the member's published plan PDF."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["country", "government_level", "year_joined"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:member", kwargs={"pk": self.pk})


class MemberPartner(models.Model):
    """A consortium partner of a member, as named in the admitted application."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="partners", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=250)
    role = models.CharField(_("role"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("member partner")
        verbose_name_plural = _("member partners")
        ordering = ["id"]

    def __str__(self):
        return self.name


class MemberEditor(models.Model):
    """Someone who drafts the member's plans and reports: the application's editors, and
    anyone they add."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="editors", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_roles",
        verbose_name=_("user"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("member editor")
        verbose_name_plural = _("member editors")
        constraints = [
            models.UniqueConstraint(fields=["member", "user"], name="one_member_role_per_user")
        ]

    def __str__(self):
        return str(self.user)


class MemberEditorInvitation(Invitation):
    """An invitation by e-mail to edit a member, for someone without an account yet; it works
    as an application's editor invitation does (applications.models.Invitation)."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="editor_invitations",
        verbose_name=_("member"),
    )

    class Meta(Invitation.Meta):
        verbose_name = _("member editor invitation")
        verbose_name_plural = _("member editor invitations")
        indexes = [models.Index(fields=["member", "-created_at"])]


class ActionPlan(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="plans", verbose_name=_("member")
    )
    title = models.CharField(_("title"), max_length=250)
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    co_creation = models.TextField(
        _("co-creation process"),
        help_text=_("How government and civil society developed the plan together."),
    )
    civil_society_organisations = models.TextField(
        _("civil-society organisations that took part"), help_text=_("One per line.")
    )
    max_commitments = models.PositiveSmallIntegerField(
        _("most commitments allowed"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # The published plan as a PDF, rendered by a Celery task in the member's language.
    pdf = models.FileField(
        _("PDF"), storage=private_storage, max_length=200, blank=True, editable=False
    )
    pdf_rendered_at = models.DateTimeField(_("PDF rendered"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-starts_on", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("members:plan", kwargs={"member": self.member_id, "pk": self.pk})

    @property
    def organisations(self):
        return [
            line.strip() for line in self.civil_society_organisations.splitlines() if line.strip()
        ]


class Commitment(models.Model):
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("action plan"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=250)
    problem = models.TextField(_("problem"), help_text=_("The problem the commitment addresses."))
    action = models.TextField(_("action"), help_text=_("What the commitment will do."))
    contribution = models.TextField(
        _("how it contributes to solving the problem"),
    )
    # A list of OGPValue codes (JSON, so that SQLite on a laptop works as PostgreSQL does).
    ogp_values = models.JSONField(_("relevant OGP values"), default=list, blank=True)
    lead_agency = models.CharField(_("lead implementing agency"), max_length=250)
    other_government_actors = models.TextField(_("other actors: government"), blank=True)
    other_non_governmental_actors = models.TextField(
        _("other actors: civil society, private sector and others"), blank=True
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def get_ogp_values_display(self):
        return [OGPValue(value).label for value in self.ogp_values]


class Milestone(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("expected completion"))
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    evidence_url = models.URLField(_("evidence link"), blank=True, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_on is not None


class EndOfCommitmentAnswers(models.Model):
    """Seed 001's questions about one commitment at its end: section 1 (completion), section 2
    (did it open government?), section 3 (lessons). The member's self-report and the
    Monitoring Body's assessment (monitoring.EndOfCommitmentAssessment) both answer them."""

    evaluator_name = models.CharField(_("name of the evaluator"), max_length=200)
    # Section 1: commitment completion.
    progress = models.CharField(
        _("level of progress"), max_length=20, choices=ProgressLevel.choices
    )
    progress_explanation = models.TextField(_("explanation of the level of progress"))
    factors = models.TextField(_("factors that affected implementation"))
    as_planned = models.CharField(
        _("implemented as planned"), max_length=20, choices=AsPlanned.choices
    )
    as_planned_explanation = models.TextField(_("explanation of the implementation"))
    # Section 2: did it open government? Yes/no, with a degree and a narrative when yes.
    access_to_information = models.BooleanField(_("access to information"))
    access_to_information_degree = models.CharField(
        _("degree of result: access to information"),
        max_length=20,
        choices=OpenGovernmentDegree.choices,
        blank=True,
    )
    access_to_information_explanation = models.TextField(
        _("explanation: access to information"), blank=True
    )
    civic_participation = models.BooleanField(_("civic participation"))
    civic_participation_degree = models.CharField(
        _("degree of result: civic participation"),
        max_length=20,
        choices=OpenGovernmentDegree.choices,
        blank=True,
    )
    civic_participation_explanation = models.TextField(
        _("explanation: civic participation"), blank=True
    )
    public_accountability = models.BooleanField(_("public accountability"))
    public_accountability_degree = models.CharField(
        _("degree of result: public accountability"),
        max_length=20,
        choices=OpenGovernmentDegree.choices,
        blank=True,
    )
    public_accountability_explanation = models.TextField(
        _("explanation: public accountability"), blank=True
    )
    other_results = models.TextField(_("other results"), blank=True)
    addressed_problem = models.BooleanField(_("addressed the problem"))
    addressed_problem_explanation = models.TextField(_("explanation: the problem"))
    # Section 3: lessons.
    lessons = models.TextField(_("lessons from implementation"))

    class Meta:
        abstract = True

    def open_government_answers(self):
        """Questions 2.1.1 to 2.1.3 as (number, value, answer, degree label, explanation)."""
        rows = []
        for number, value in (
            ("2.1.1", "access_to_information"),
            ("2.1.2", "civic_participation"),
            ("2.1.3", "public_accountability"),
        ):
            degree = getattr(self, f"{value}_degree")
            rows.append(
                {
                    "number": number,
                    "value": OGPValue(value).label,
                    # The question without its number, which the heading already shows.
                    "question": str(OPEN_GOVERNMENT_QUESTIONS[value]).split(" ", 1)[1],
                    "answer": getattr(self, value),
                    "degree": OpenGovernmentDegree(degree).label if degree else "",
                    "explanation": getattr(self, f"{value}_explanation"),
                }
            )
        return rows


class EndOfCommitmentReport(EndOfCommitmentAnswers):
    """The member's own account of one commitment at its end (its self-report); the
    independent assessment is the Monitoring Body's (monitoring.EndOfCommitmentAssessment)."""

    commitment = models.OneToOneField(
        Commitment, on_delete=models.CASCADE, related_name="report", verbose_name=_("commitment")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member's end-of-commitment self-report")
        verbose_name_plural = _("members' end-of-commitment self-reports")
        ordering = ["-updated_at", "id"]

    def __str__(self):
        return str(self.commitment)

    def get_absolute_url(self):
        return reverse(
            "members:report",
            kwargs={"member": self.commitment.plan.member_id, "pk": self.pk},
        )


class Evidence(models.Model):
    """A link given as evidence of a commitment's results (web page, media, document): by the
    member in its self-report (``EvidenceLink``) or by its Monitoring Body in an assessment
    (``monitoring.AssessmentEvidence``)."""

    label = models.CharField(_("description"), max_length=250)
    url = models.URLField(_("link"))

    class Meta:
        abstract = True
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["id"]

    def __str__(self):
        return self.label


class EvidenceLink(Evidence):
    report = models.ForeignKey(
        EndOfCommitmentReport,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("report"),
    )


class HistoryEvent(models.Model):
    """One entry of a history kept as codes and rendered in the reader's language: a status
    change or another kind of event, by whom, when, with the person's comment. ``MemberEvent``
    and ``monitoring.MonitoringEvent`` add what it is about and their own ``kind``,
    ``from_status`` and ``to_status``, with the enums of their choices as ``kinds`` and
    ``statuses``."""

    kinds = statuses = None

    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"))

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def summary(self):
        if self.kind == self.kinds.STATUS_CHANGED:
            return (
                f"{self.statuses(self.from_status).label} → {self.statuses(self.to_status).label}"
            )
        return self.get_kind_display()


class MemberEvent(HistoryEvent):
    """The history of a member, its plans and reports, stored as codes and rendered when read."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="events", verbose_name=_("member")
    )
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("action plan"),
    )
    report = models.ForeignKey(
        EndOfCommitmentReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("report"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    kinds, statuses = EventKind, Status

    class Meta(HistoryEvent.Meta):
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
