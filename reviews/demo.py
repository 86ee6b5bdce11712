"""The review side of the demo data (desk/management/commands/load_demo.py)."""

from accounts.roles import appoint_coordinator
from applications.enums import ApplicationStatus

from . import domain
from .enums import DueDiligenceOutcome, ReviewStage
from .models import Assignment


def prepare_demo_review(*, call, reviewer, coordinator, reviewer_country="KE"):
    """Give the demo call its criteria, make the demo reviewer and coordinator, and bring the
    submitted applications to committee review with the reviewer assigned. Running it again
    changes nothing."""
    domain.add_default_criteria(call=call)
    domain.enlist_reviewer(user=reviewer, country=reviewer_country, by=coordinator)
    appoint_coordinator(coordinator)
    submitted = call.applications.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
    ).select_related("lead_government")
    for application in submitted:
        candidacy = domain.ensure_candidacy(application)
        if candidacy.stage == ReviewStage.COMPLETENESS:
            domain.move_stage(
                application=application, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator
            )
            domain.record_due_diligence(
                application=application,
                outcome=DueDiligenceOutcome.NO_CONCERNS,
                notes="Demo: the national OGP point of contact raised no concerns.",
                by=coordinator,
            )
            domain.move_stage(
                application=application, to_stage=ReviewStage.COMMITTEE_REVIEW, by=coordinator
            )
        already = Assignment.objects.filter(application=application, reviewer=reviewer).exists()
        if not already and not domain.assignment_problem(
            application=application, reviewer=reviewer
        ):
            domain.assign_reviewer(
                application=application, reviewer=reviewer, assigned_by=coordinator
            )
