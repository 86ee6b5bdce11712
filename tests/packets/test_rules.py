"""packets/rules.py: the staff rule for reading an application's packets, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from packets import rules as packet_rules
from reviews import domain
from tests.factories import UserFactory
from tests.reviews.factories import (
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submitted_application,
)

pytestmark = pytest.mark.django_db

# role -> (is_staff_with_packet_access, may_read_application, packets.review_packet)
EXPECTED = {
    "anonymous": (False, False, False),
    "applicant": (False, False, False),
    "staff without a role": (False, False, False),
    "reviewer not assigned": (True, False, False),
    "assigned reviewer": (True, True, True),
    "assigned reviewer with a conflict": (True, False, False),
    "coordinator": (True, True, True),
}


def test_packet_rule_per_role():
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(), coordinator)
    people = {
        "anonymous": AnonymousUser(),
        "applicant": application.owner_user,
        "staff without a role": UserFactory(is_staff=True),
        "reviewer not assigned": make_reviewer(),
        "assigned reviewer": make_reviewer(),
        "assigned reviewer with a conflict": make_reviewer(),
        "coordinator": coordinator,
    }
    for role in ("assigned reviewer", "assigned reviewer with a conflict"):
        domain.assign_reviewer(
            application=application, reviewer=people[role], assigned_by=coordinator
        )
    domain.declare_conflict(
        application=application,
        reviewer=people["assigned reviewer with a conflict"],
        reason="Former adviser.",
    )
    for role, expected in EXPECTED.items():
        user = people[role]
        got = (
            packet_rules.is_staff_with_packet_access.test(user),
            packet_rules.may_read_application.test(user, application),
            user.has_perm("packets.review_packet", application),
        )
        assert got == expected, role
    assert packet_rules.may_read_application.test(coordinator, None) is False
