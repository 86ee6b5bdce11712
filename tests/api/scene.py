"""A small public world for the API tests: a call with published results, members with
published and draft plans, a published report."""

from calls.domain import publish_results
from reviews import domain as reviews_domain
from tests.factories import UserFactory
from tests.members.factories import (
    draft_plan,
    editor_of,
    published_plan,
    published_report,
    quick_member,
)
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application


def public_world():
    coordinator = make_coordinator()
    call = call_with_criteria()
    decided = submitted_application(call=call, name="Municipality of Renca")
    decision = reviews_domain.record_decision(
        application=decided, outcome="admitted", reason="Too small a team", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    pending = submitted_application(call=call, name="Municipality of Lima", country="PE")
    call = publish_results(call=call)
    member = quick_member(name="City of La Paz", country="BO", editors=[UserFactory()])
    plan = published_plan(member, coordinator)
    commitment = plan.commitments.order_by("position").first()
    report = published_report(commitment, coordinator)
    hidden = quick_member(name="City of Draftville", country="CO", editors=[UserFactory()])
    draft = draft_plan(hidden, by=editor_of(hidden))
    return {
        "coordinator": coordinator,
        "call": call,
        "decided": decided,
        "pending": pending,
        "member": member,
        "plan": plan,
        "commitment": commitment,
        "report": report,
        "draft_plan": draft,
    }
