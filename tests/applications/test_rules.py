"""applications/rules.py: every predicate and permission name, for every role, in the states
that change the answer (a draft in an open call, a submitted one, a draft in a closed call)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from applications import rules as application_rules
from applications.enums import ApplicationStatus, EditorRole
from applications.models import ApplicationEditor
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

PERMISSIONS = [
    "applications.see_application",
    "applications.change_application_content",
    "applications.invite_editor",
    "applications.submit_application",
    "applications.withdraw_application",
]


def _application(state):
    call = CallFactory()
    if state == "draft, call closed":
        call.opens_at = timezone.now() - timedelta(days=40)
        call.closes_at = timezone.now() - timedelta(days=1)
        call.save()
    application = ApplicationFactory(call=call)
    if state == "submitted, call open":
        application.status = ApplicationStatus.SUBMITTED
        application.save(update_fields=["status"])
    return application


def _people(application):
    editor = UserFactory()
    ApplicationEditor.objects.create(application=application, user=editor, role=EditorRole.EDITOR)
    return {
        "anonymous": AnonymousUser(),
        "stranger": UserFactory(),
        "editor": editor,
        "owner": application.owner_user,
        "reviewer": make_reviewer(),
        "coordinator": make_coordinator(),
    }


# state -> role -> (see, change content, invite editor, submit, withdraw)
EXPECTED = {
    "draft, call open": {
        "anonymous": (False, False, False, False, False),
        "stranger": (False, False, False, False, False),
        "editor": (True, True, True, True, False),
        "owner": (True, True, True, True, True),
        "reviewer": (False, False, False, False, False),
        "coordinator": (False, False, False, False, False),
    },
    "submitted, call open": {
        "anonymous": (False, False, False, False, False),
        "stranger": (False, False, False, False, False),
        "editor": (True, False, False, False, False),
        "owner": (True, False, False, False, True),
        "reviewer": (False, False, False, False, False),
        "coordinator": (False, False, False, False, False),
    },
    "draft, call closed": {
        "anonymous": (False, False, False, False, False),
        "stranger": (False, False, False, False, False),
        "editor": (True, False, False, False, False),
        "owner": (True, False, False, False, False),
        "reviewer": (False, False, False, False, False),
        "coordinator": (False, False, False, False, False),
    },
}


@pytest.mark.parametrize("state", EXPECTED)
def test_permission_names_per_role(state):
    application = _application(state)
    people = _people(application)
    for role, expected in EXPECTED[state].items():
        got = tuple(people[role].has_perm(name, application) for name in PERMISSIONS)
        assert got == expected, (state, role)


@pytest.mark.parametrize("state", EXPECTED)
def test_predicates_per_role(state):
    application = _application(state)
    people = _people(application)
    editable = state == "draft, call open"
    withdrawable = state != "draft, call closed"
    for role, user in people.items():
        assert application_rules.is_editor.test(user, application) is (role in ("editor", "owner"))
        assert application_rules.is_owner.test(user, application) is (role == "owner")
        assert application_rules.is_draft_in_open_call.test(user, application) is editable
        assert application_rules.is_withdrawable.test(user, application) is withdrawable


def test_predicates_without_an_application():
    user = UserFactory()
    for predicate in (
        application_rules.is_editor,
        application_rules.is_owner,
        application_rules.is_draft_in_open_call,
        application_rules.is_withdrawable,
    ):
        assert predicate.test(user, None) is False
