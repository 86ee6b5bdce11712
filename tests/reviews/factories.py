"""Building blocks for the review tests: people in their roles, applications in the pipeline."""

from accounts.roles import appoint_coordinator
from applications import domain as applications_domain
from reviews import domain
from reviews.enums import DueDiligenceOutcome, Recommendation, ReviewStage
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    UserFactory,
    complete_application,
    enrol_totp,
)


def make_reviewer(country="KE", second_factor=True, **kwargs):
    """A reviewer; with ``second_factor`` (the default) already enrolled in TOTP, as staff must
    be before the desk opens for them."""
    user = UserFactory(**kwargs)
    domain.enlist_reviewer(user=user, country=country, by=None)
    return enrol_totp(user) if second_factor else user


def make_coordinator(second_factor=True, **kwargs):
    user = UserFactory(**kwargs)
    appoint_coordinator(user)
    return enrol_totp(user) if second_factor else user


def call_with_criteria(**kwargs):
    call = CallFactory(**kwargs)
    domain.add_default_criteria(call=call)
    return call


def submitted_application(call=None, country="CL", name=None, language="en"):
    """A complete application, submitted: its candidacy is at the completeness check."""
    call = call or call_with_criteria()
    government = {"lead_government__country": country}
    if name:
        government["lead_government__name"] = name
    application = ApplicationFactory(call=call, **government)
    complete_application(application)
    if language != application.language:
        application.language = language
        application.save(update_fields=["language"])
    applications_domain.submit_application(
        application=application, user=application.owner_user, acknowledge_term_warning=True
    )
    application.refresh_from_db()
    return application


def into_committee_review(application, coordinator):
    """Completeness checked, due diligence clear: the committee may score."""
    domain.move_stage(application=application, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator)
    domain.record_due_diligence(
        application=application,
        outcome=DueDiligenceOutcome.NO_CONCERNS,
        notes="National OGP contacts raised no concerns.",
        by=coordinator,
    )
    domain.move_stage(
        application=application, to_stage=ReviewStage.COMMITTEE_REVIEW, by=coordinator
    )
    application.refresh_from_db()
    return application


def scores_for(call, values, comment="Seen in the letters and answers."):
    """{criterion id: (value, comment)} for the call's criteria in order."""
    criteria = list(call.criteria.order_by("position", "id"))
    if isinstance(values, int):
        values = [values] * len(criteria)
    return {
        criterion.pk: (value, comment) for criterion, value in zip(criteria, values, strict=True)
    }


def submit_scores(assignment, values, recommendation=Recommendation.ADMIT):
    return domain.submit_review(
        assignment=assignment,
        by=assignment.reviewer,
        scores=scores_for(assignment.application.call, values),
        recommendation=recommendation,
        summary="A committed government with a clear plan.",
    )


def renca_assigned_to_rita():
    """The browser tests' usual scene: Carla the coordinator, the call "OGP Local 2026", the
    Municipality of Renca in committee review, and Rita the reviewer (KE) assigned to it."""
    coordinator = make_coordinator(full_name="Carla Coordinator")
    call = call_with_criteria(title="OGP Local 2026")
    application = into_committee_review(
        submitted_application(call=call, country="CL", name="Municipality of Renca"), coordinator
    )
    reviewer = make_reviewer("KE", full_name="Rita Reviewer")
    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    return coordinator, call, application, reviewer
