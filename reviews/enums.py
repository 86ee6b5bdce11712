from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStage(models.TextChoices):
    """Where a submitted application stands in the review pipeline (docs/domain.md).

    Internal to the OGP Support Unit: applicants see only the application's status.
    """

    COMPLETENESS = "completeness", _("Completeness check")
    DUE_DILIGENCE = "due_diligence", _("Due diligence")
    COMMITTEE_REVIEW = "committee_review", _("Committee review")
    DECISION = "decision", _("Decision")


# The only moves a candidacy's stage can make; domain.move_stage() enforces them. An
# application that fails the completeness check or due diligence goes straight to a decision.
ALLOWED_STAGE_TRANSITIONS = {
    ReviewStage.COMPLETENESS: {ReviewStage.DUE_DILIGENCE, ReviewStage.DECISION},
    ReviewStage.DUE_DILIGENCE: {ReviewStage.COMMITTEE_REVIEW, ReviewStage.DECISION},
    ReviewStage.COMMITTEE_REVIEW: {ReviewStage.DECISION},
    ReviewStage.DECISION: set(),
}

# Entering these stages puts a submitted application "under review" for its applicants.
STAGES_UNDER_REVIEW = {ReviewStage.COMMITTEE_REVIEW, ReviewStage.DECISION}


class DueDiligenceOutcome(models.TextChoices):
    NO_CONCERNS = "no_concerns", _("No concerns")
    CONCERNS_NOTED = "concerns_noted", _("Concerns noted for the committee")
    REPUTATIONAL_RISK = "reputational_risk", _("Reputational risk: do not proceed")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Recommendation(models.TextChoices):
    ADMIT = "admit", _("Admit")
    ADMIT_WITH_CONDITIONS = "admit_with_conditions", _("Admit with conditions")
    DO_NOT_ADMIT = "do_not_admit", _("Do not admit")


class DecisionOutcome(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    WAITLISTED = "waitlisted", _("Waitlisted")


class Region(models.TextChoices):
    """OGP's regions, used to balance a cohort."""

    AFRICA_MIDDLE_EAST = "africa_middle_east", _("Africa and the Middle East")
    AMERICAS = "americas", _("Americas")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")
