"""accounts/rules.py: the role predicates and their permission names, for every role."""

import pytest

from accounts import rules as account_rules
from accounts.roles import COORDINATOR_GROUP, REVIEWER_GROUP, ROLE_DESCRIPTIONS
from tests.factories import UserFactory
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    from django.contrib.auth.models import AnonymousUser

    superuser = UserFactory(is_staff=True, is_superuser=True)
    inactive_coordinator = make_coordinator()
    inactive_coordinator.is_active = False
    inactive_coordinator.save()
    unstaffed_reviewer = make_reviewer()
    unstaffed_reviewer.is_staff = False
    unstaffed_reviewer.save()
    return {
        "anonymous": AnonymousUser(),
        "applicant": UserFactory(),
        "staff without a role": UserFactory(is_staff=True),
        "reviewer": make_reviewer(),
        "reviewer no longer staff": unstaffed_reviewer,
        "coordinator": make_coordinator(),
        "inactive coordinator": inactive_coordinator,
        "superuser": superuser,
    }


EXPECTED = {
    # role:                      (is_coordinator, is_reviewer)
    "anonymous": (False, False),
    "applicant": (False, False),
    "staff without a role": (False, False),
    "reviewer": (False, True),
    "reviewer no longer staff": (False, False),
    "coordinator": (True, False),
    "inactive coordinator": (False, False),
    "superuser": (True, False),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_role_predicates(people, role):
    user = people[role]
    coordinator, reviewer = EXPECTED[role]
    assert account_rules.is_coordinator.test(user) is coordinator
    assert account_rules.is_reviewer.test(user) is reviewer


@pytest.mark.parametrize("role", EXPECTED)
def test_role_permission_names(people, role):
    user = people[role]
    coordinator, reviewer = EXPECTED[role]
    assert user.has_perm("accounts.coordinate") is coordinator
    # A superuser has every permission by name, as Django grants it.
    assert user.has_perm("accounts.review") is (reviewer or role == "superuser")


def test_every_role_says_what_it_may_do():
    assert set(ROLE_DESCRIPTIONS) == {COORDINATOR_GROUP, REVIEWER_GROUP}
    assert "assign" in str(ROLE_DESCRIPTIONS[COORDINATOR_GROUP])
    assert "conflict" in str(ROLE_DESCRIPTIONS[REVIEWER_GROUP])
