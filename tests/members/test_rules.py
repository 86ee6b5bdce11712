"""Each members permission with each role, exact expectations."""

import pytest
from django.contrib.auth.models import AnonymousUser

from members import domain
from tests.members.factories import (
    admitted_member,
    draft_plan,
    draft_report,
    editor_of,
    published_plan,
)
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_editor", "own_editor", "coordinator"]


@pytest.fixture
def people():
    coordinator = make_coordinator()
    member = admitted_member(coordinator=coordinator)
    other = admitted_member(coordinator=coordinator)
    return (
        member,
        coordinator,
        {
            "anonymous": AnonymousUser(),
            "other_editor": editor_of(other),
            "own_editor": editor_of(member),
            "coordinator": coordinator,
        },
    )


def allowed(users, permission, obj):
    return [role for role in ROLES if users[role].has_perm(permission, obj)]


def test_plan_permissions_by_status(people):
    member, coordinator, users = people
    plan = draft_plan(member)
    assert allowed(users, "members.edit_member", member) == ["own_editor"]
    assert allowed(users, "members.change_plan", plan) == ["own_editor"]
    assert allowed(users, "members.view_plan", plan) == ["own_editor", "coordinator"]
    assert allowed(users, "members.review_plan", plan) == ["coordinator"]
    domain.submit_plan(plan=plan, by=users["own_editor"])
    plan.refresh_from_db()
    assert allowed(users, "members.change_plan", plan) == []
    assert allowed(users, "members.view_plan", plan) == ["own_editor", "coordinator"]
    domain.return_plan(plan=plan, by=coordinator, comment="More detail.")
    plan.refresh_from_db()
    assert allowed(users, "members.change_plan", plan) == ["own_editor"]
    domain.submit_plan(plan=plan, by=users["own_editor"])
    domain.publish_plan(plan=plan, by=coordinator)
    plan.refresh_from_db()
    assert allowed(users, "members.change_plan", plan) == []
    assert allowed(users, "members.view_plan", plan) == ROLES


def test_milestone_and_report_permissions(people):
    member, coordinator, users = people
    draft = draft_plan(member)
    draft_commitment = draft.commitments.first()
    assert allowed(users, "members.track_milestone", draft_commitment.milestones.first()) == []
    assert allowed(users, "members.write_report", draft_commitment) == []
    plan = published_plan(member, coordinator)
    commitment = plan.commitments.first()
    assert allowed(users, "members.track_milestone", commitment.milestones.first()) == [
        "own_editor"
    ]
    assert allowed(users, "members.write_report", commitment) == ["own_editor"]
    report = draft_report(commitment)
    assert allowed(users, "members.change_report", report) == ["own_editor"]
    assert allowed(users, "members.view_report", report) == ["own_editor", "coordinator"]
    assert allowed(users, "members.review_report", report) == ["coordinator"]
    domain.submit_report(report=report, by=users["own_editor"])
    domain.publish_report(report=report, by=coordinator)
    report.refresh_from_db()
    assert allowed(users, "members.change_report", report) == []
    assert allowed(users, "members.view_report", report) == ROLES
