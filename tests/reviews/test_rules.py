"""reviews/rules.py: every predicate and permission name, for every role, on one application in
committee review (and on the conflicts declared on it)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from reviews import domain
from reviews import rules as review_rules
from reviews.enums import DecisionOutcome
from tests.factories import UserFactory
from tests.reviews.factories import (
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = pytest.mark.django_db

APPLICATION_PERMISSIONS = [
    "reviews.read_application",
    "reviews.score_application",
    "reviews.see_other_reviews",
    "reviews.declare_conflict",
]
ROLES = [
    "anonymous",
    "applicant",
    "reviewer not assigned",
    "assigned reviewer",
    "assigned reviewer with a conflict",
    "assigned reviewer who submitted",
    "coordinator",
]

# role -> (read, score, see other reviews, declare a conflict)
EXPECTED_PERMISSIONS = {
    "anonymous": (False, False, False, False),
    "applicant": (False, False, False, False),
    "reviewer not assigned": (False, False, False, False),
    "assigned reviewer": (True, True, False, True),
    "assigned reviewer with a conflict": (False, False, False, False),
    "assigned reviewer who submitted": (True, False, True, False),
    "coordinator": (True, False, True, False),
}
# role -> (is_assigned_reviewer, has_conflict, has_submitted_own_review)
EXPECTED_PREDICATES = {
    "anonymous": (False, False, False),
    "applicant": (False, False, False),
    "reviewer not assigned": (False, False, False),
    "assigned reviewer": (True, False, False),
    "assigned reviewer with a conflict": (True, True, False),
    "assigned reviewer who submitted": (True, False, True),
    "coordinator": (False, False, False),
}


@pytest.fixture
def scene():
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(country="CL"), coordinator)
    people = {
        "anonymous": AnonymousUser(),
        "applicant": application.owner_user,
        "reviewer not assigned": make_reviewer(),
        "assigned reviewer": make_reviewer(),
        "assigned reviewer with a conflict": make_reviewer(),
        "assigned reviewer who submitted": make_reviewer(),
        "coordinator": coordinator,
    }
    assignments = {
        role: domain.assign_reviewer(
            application=application, reviewer=people[role], assigned_by=coordinator
        )
        for role in ROLES
        if role.startswith("assigned")
    }
    conflict = domain.declare_conflict(
        application=application,
        reviewer=people["assigned reviewer with a conflict"],
        reason="I advised this municipality last year.",
    )
    submit_scores(assignments["assigned reviewer who submitted"], 4)
    application.refresh_from_db()
    return application, people, conflict


def test_application_permission_names_per_role(scene):
    application, people, _conflict = scene
    for role in ROLES:
        got = tuple(people[role].has_perm(name, application) for name in APPLICATION_PERMISSIONS)
        assert got == EXPECTED_PERMISSIONS[role], role


def test_application_predicates_per_role(scene):
    application, people, _conflict = scene
    for role in ROLES:
        user = people[role]
        got = (
            review_rules.is_assigned_reviewer.test(user, application),
            review_rules.has_conflict.test(user, application),
            review_rules.has_submitted_own_review.test(user, application),
        )
        assert got == EXPECTED_PREDICATES[role], role
        assert review_rules.is_decision_released.test(user, application) is False
        assert review_rules.can_score.test(user, application) is (role == "assigned reviewer")


def test_why_cannot_score_gives_the_reason(scene):
    application, people, _conflict = scene
    assert review_rules.why_cannot_score(people["assigned reviewer"], application) is None
    assert "not assigned" in review_rules.why_cannot_score(
        people["reviewer not assigned"], application
    )
    assert "conflict" in review_rules.why_cannot_score(
        people["assigned reviewer with a conflict"], application
    )
    assert "submitted" in review_rules.why_cannot_score(
        people["assigned reviewer who submitted"], application
    )


def test_a_released_decision_closes_the_conflict_declaration(scene):
    application, people, _conflict = scene
    coordinator = people["coordinator"]
    decision = domain.record_decision(
        application=application, outcome=DecisionOutcome.ADMITTED, reason="Strong.", by=coordinator
    )
    domain.release_decisions(decisions=[decision], by=coordinator)
    application.refresh_from_db()
    assert review_rules.is_decision_released.test(coordinator, application) is True
    assert people["assigned reviewer"].has_perm("reviews.declare_conflict", application) is False


def test_conflict_permission_names_per_role(scene):
    _application, people, conflict = scene
    declarer = people["assigned reviewer with a conflict"]
    expected_withdraw = dict.fromkeys(ROLES, False)
    expected_withdraw["assigned reviewer with a conflict"] = True
    expected_withdraw["coordinator"] = True
    for role in ROLES:
        user = people[role]
        assert user.has_perm("reviews.withdraw_conflict", conflict) is expected_withdraw[role], role
        assert user.has_perm("reviews.delete_conflict", conflict) is False, role
        assert review_rules.declared_the_conflict.test(user, conflict) is (user == declarer)
        assert review_rules.is_standing_conflict.test(user, conflict) is True


def test_a_conflict_recorded_by_a_coordinator_is_withdrawn_by_a_coordinator_only(scene):
    application, people, _conflict = scene
    reviewer = people["reviewer not assigned"]
    conflict = domain.declare_conflict(
        application=application,
        reviewer=reviewer,
        reason="Same family as the mayor.",
        declared_by=people["coordinator"],
    )
    assert reviewer.has_perm("reviews.withdraw_conflict", conflict) is False
    assert people["coordinator"].has_perm("reviews.withdraw_conflict", conflict) is True


def test_a_withdrawn_conflict_can_be_withdrawn_by_nobody(scene):
    _application, people, conflict = scene
    domain.withdraw_conflict(conflict=conflict, by=people["coordinator"], reason="Entered twice.")
    conflict.refresh_from_db()
    assert review_rules.is_standing_conflict.test(people["coordinator"], conflict) is False
    for role in ROLES:
        assert people[role].has_perm("reviews.withdraw_conflict", conflict) is False, role


def test_staff_without_a_role_have_no_review_permission():
    staff = UserFactory(is_staff=True)
    application = submitted_application()
    assert not any(staff.has_perm(name, application) for name in APPLICATION_PERMISSIONS)
