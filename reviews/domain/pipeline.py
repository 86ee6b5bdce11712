"""The pipeline: each application's candidacy and its stages, due diligence."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.domain import lock_application, set_application_status
from applications.enums import ApplicationStatus

from ..enums import ALLOWED_STAGE_TRANSITIONS, STAGES_UNDER_REVIEW, DueDiligenceOutcome, ReviewStage
from ..exceptions import StageChangeRefused
from ..models import Candidacy, StageChange
from .common import REVIEWABLE_STATUSES, with_history_author

# The pipeline -----------------------------------------------------------------------------


def ensure_candidacy(application) -> Candidacy:
    """The application's candidacy, opened at the completeness check if it has none yet."""
    candidacy, created = Candidacy.objects.get_or_create(application=application)
    if created:
        StageChange.objects.create(candidacy=candidacy, to_stage=candidacy.stage)
    return candidacy


def open_candidacy_on_submission(sender, application, user, **kwargs):
    """A submitted application enters the pipeline at the completeness check."""
    ensure_candidacy(application)


def _locked_candidacy(application) -> Candidacy:
    """The application's candidacy, locked; a refusal if it never entered the review."""
    candidacy = Candidacy.objects.select_for_update().filter(application=application).first()
    if candidacy is None:
        raise StageChangeRefused(
            _("%(reference)s has not been submitted: it has no place in the review.")
            % {"reference": application.reference}
        )
    return candidacy


@transaction.atomic
def move_stage(*, application, to_stage, by, note="", now=None) -> Candidacy:
    """The one door for stage changes: checks the move, records who and when, and moves the
    application's status to "under review" when committee review (or a decision) begins."""
    lock_application(application)
    candidacy = _locked_candidacy(application)
    from_stage = ReviewStage(candidacy.stage)
    to_stage = ReviewStage(to_stage)
    if application.status not in REVIEWABLE_STATUSES:
        raise StageChangeRefused(
            _("%(reference)s is %(status)s; its stage can no longer change.")
            % {
                "reference": application.reference,
                "status": application.get_status_display().lower(),
            }
        )
    if to_stage not in ALLOWED_STAGE_TRANSITIONS[from_stage]:
        raise StageChangeRefused(
            _("%(reference)s cannot go from %(from)s to %(to)s.")
            % {"reference": application.reference, "from": from_stage.label, "to": to_stage.label}
        )
    if to_stage == ReviewStage.COMMITTEE_REVIEW:
        _check_ready_for_committee(application, candidacy)
    now = now or timezone.now()
    candidacy.stage = to_stage
    candidacy.stage_changed_at = now
    candidacy.stage_changed_by = by
    with_history_author(candidacy, by).save(
        update_fields=["stage", "stage_changed_at", "stage_changed_by"]
    )
    StageChange.objects.create(
        candidacy=candidacy,
        from_stage=from_stage,
        to_stage=to_stage,
        changed_by=by,
        changed_at=now,
        note=note[:500],
    )
    if to_stage in STAGES_UNDER_REVIEW and application.status == ApplicationStatus.SUBMITTED:
        set_application_status(
            application=application,
            to_status=ApplicationStatus.UNDER_REVIEW,
            by=by,
            detail=str(to_stage.label),
            now=now,
        )
    return candidacy


def _check_ready_for_committee(application, candidacy):
    if not candidacy.due_diligence_outcome:
        raise StageChangeRefused(
            _("Record the due diligence outcome of %(reference)s before committee review.")
            % {"reference": application.reference}
        )
    if candidacy.due_diligence_outcome == DueDiligenceOutcome.REPUTATIONAL_RISK:
        raise StageChangeRefused(
            _(
                "Due diligence found a reputational risk in %(reference)s: it goes to a "
                "decision, not to the committee."
            )
            % {"reference": application.reference}
        )
    if not application.call.criteria.exists():
        raise StageChangeRefused(
            _("The call has no criteria yet: add them before committee review opens.")
        )


@transaction.atomic
def record_due_diligence(*, application, outcome, notes, by, now=None) -> Candidacy:
    """Record what due diligence found; possible only while the candidacy is in due diligence."""
    candidacy = _locked_candidacy(application)
    if candidacy.stage != ReviewStage.DUE_DILIGENCE:
        raise StageChangeRefused(
            _("%(reference)s is not in due diligence.") % {"reference": application.reference}
        )
    candidacy.due_diligence_outcome = DueDiligenceOutcome(outcome)
    candidacy.due_diligence_notes = notes
    candidacy.due_diligence_by = by
    candidacy.due_diligence_at = now or timezone.now()
    with_history_author(candidacy, by).save(
        update_fields=[
            "due_diligence_outcome",
            "due_diligence_notes",
            "due_diligence_by",
            "due_diligence_at",
        ]
    )
    return candidacy
