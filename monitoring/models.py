"""The Local Monitoring Body of each member, its people, and its assessments.

Independent of the member: its people are invited by the Support Unit, never by the member, and
nobody is both an editor and a monitor of the same member (domain.independence_refusal()).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import Invitation
from members.models import (
    ActionPlan,
    Commitment,
    EndOfCommitmentAnswers,
    Evidence,
    HistoryEvent,
    Member,
)

from .enums import (
    INCEPTION_QUESTIONS,
    AssessmentKind,
    AssessmentStatus,
    MonitoringEventKind,
)


class MonitoringBody(models.Model):
    """The organisation that monitors one member's action plans, independently of it."""

    member = models.OneToOneField(
        Member,
        on_delete=models.CASCADE,
        related_name="monitoring_body",
        verbose_name=_("member"),
    )
    name = models.CharField(_("organisation"), max_length=250)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Local Monitoring Body")
        verbose_name_plural = _("Local Monitoring Bodies")
        ordering = ["member__name", "id"]

    def __str__(self):
        return self.name


class Monitor(models.Model):
    """A person of a Monitoring Body: reads the member's plans and writes its assessments."""

    body = models.ForeignKey(
        MonitoringBody,
        on_delete=models.CASCADE,
        related_name="monitors",
        verbose_name=_("Monitoring Body"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="monitor_roles",
        verbose_name=_("user"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitor")
        verbose_name_plural = _("monitors")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="one_monitor_role_per_user")
        ]

    def __str__(self):
        return str(self.user)


class MonitorInvitation(Invitation):
    """The Support Unit's invitation by e-mail to join a Monitoring Body (a link that works
    once, as every invitation: applications.models.Invitation)."""

    body = models.ForeignKey(
        MonitoringBody,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Monitoring Body"),
    )

    class Meta(Invitation.Meta):
        verbose_name = _("monitor invitation")
        verbose_name_plural = _("monitor invitations")
        indexes = [models.Index(fields=["body", "-created_at"])]


class Assessment(models.Model):
    """What both assessments share: the evaluator, the status and its times."""

    evaluator_name = models.CharField(
        _("name of the evaluator"),
        max_length=200,
        help_text=_("The person of the Monitoring Body who answers for this assessment."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        editable=False,
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == AssessmentStatus.PUBLISHED


class InceptionAssessment(Assessment):
    """The Monitoring Body's assessment of how an action plan was made, about two months after
    its submission."""

    kind = AssessmentKind.INCEPTION

    plan = models.OneToOneField(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="inception_assessment",
        verbose_name=_("action plan"),
    )
    forum = models.BooleanField(INCEPTION_QUESTIONS["forum"])
    forum_explanation = models.TextField(_("explanation: the forum"))
    endorsement = models.BooleanField(INCEPTION_QUESTIONS["endorsement"])
    endorsement_explanation = models.TextField(_("explanation: the endorsement"))
    page_up_to_date = models.BooleanField(INCEPTION_QUESTIONS["page_up_to_date"])
    page_up_to_date_explanation = models.TextField(_("explanation: the OGP page"))
    civil_society_feedback = models.BooleanField(INCEPTION_QUESTIONS["civil_society_feedback"])
    civil_society_feedback_explanation = models.TextField(
        _("explanation: the response to civil society")
    )
    recommendations = models.TextField(
        _("5. Recommendations for the implementation of the plan"), blank=True
    )

    class Meta:
        verbose_name = _("inception assessment")
        verbose_name_plural = _("inception assessments")
        ordering = ["-updated_at", "id"]

    def __str__(self):
        return str(self.plan)

    def get_absolute_url(self):
        return reverse(
            "monitoring:assessment",
            kwargs={"member": self.plan.member_id, "kind": self.kind, "pk": self.pk},
        )

    @property
    def member(self):
        return self.plan.member

    def answers(self):
        """Each question with its yes/no answer and explanation, in the reader's language."""
        return [
            {
                "name": name,
                "question": question,
                "answer": getattr(self, name),
                "explanation": getattr(self, f"{name}_explanation"),
            }
            for name, question in INCEPTION_QUESTIONS.items()
        ]


class EndOfCommitmentAssessment(Assessment, EndOfCommitmentAnswers):
    """The Monitoring Body's assessment of one commitment, about a month after its end, in seed
    001's structure. Not the member's self-report (members.EndOfCommitmentReport)."""

    kind = AssessmentKind.END_OF_COMMITMENT

    commitment = models.OneToOneField(
        Commitment,
        on_delete=models.CASCADE,
        related_name="assessment",
        verbose_name=_("commitment"),
    )

    class Meta:
        verbose_name = _("end-of-commitment assessment")
        verbose_name_plural = _("end-of-commitment assessments")
        ordering = ["-updated_at", "id"]

    def __str__(self):
        return str(self.commitment)

    def get_absolute_url(self):
        return reverse(
            "monitoring:assessment",
            kwargs={"member": self.commitment.plan.member_id, "kind": self.kind, "pk": self.pk},
        )

    @property
    def member(self):
        return self.commitment.plan.member


class AssessmentEvidence(Evidence):
    """A link the Monitoring Body gives as evidence (web page, media, document)."""

    assessment = models.ForeignKey(
        EndOfCommitmentAssessment,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("end-of-commitment assessment"),
    )


class ContraryToProcessLetter(models.Model):
    """The Support Unit's letter to a member far behind on its action plan, as sent."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="contrary_to_process_letters",
        verbose_name=_("member"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    recipients = models.JSONField(_("recipients"), default=list)
    plan_due_on = models.DateField(_("action plan due on"))
    months_late = models.PositiveSmallIntegerField(_("months late"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("letter on acting contrary to process")
        verbose_name_plural = _("letters on acting contrary to process")
        ordering = ["-sent_at", "id"]

    def __str__(self):
        return f"{self.member} {self.sent_at:%Y-%m-%d}"


class MonitoringEvent(HistoryEvent):
    """The history of a member's monitoring and of each assessment, stored as codes and
    rendered in the reader's language; the member's comments on a draft are events too."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="monitoring_events", verbose_name=_("member")
    )
    inception = models.ForeignKey(
        InceptionAssessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("inception assessment"),
    )
    end_of_commitment = models.ForeignKey(
        EndOfCommitmentAssessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("end-of-commitment assessment"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=MonitoringEventKind.choices)
    from_status = models.CharField(max_length=20, choices=AssessmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AssessmentStatus.choices, blank=True)

    kinds, statuses = MonitoringEventKind, AssessmentStatus

    class Meta(HistoryEvent.Meta):
        verbose_name = _("monitoring event")
        verbose_name_plural = _("monitoring events")


class MemberProcess(Member):
    """A member seen by its process status (due dates, lateness), for the Support Unit's desk."""

    class Meta:
        proxy = True
        verbose_name = _("process status")
        verbose_name_plural = _("process status of members")
