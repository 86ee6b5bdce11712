"""accounts.backends: a user's groups and both kinds of model permissions in one query, with
the same answers as Django's ModelBackend for every kind of account."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import GroupsAndPermissionsBackend
from accounts.rules import roles_of
from tests.factories import UserFactory
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _accounts():
    with_own = UserFactory(email="own@example.org")
    with_own.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    both = make_reviewer("FR", email="both@example.org")
    both.user_permissions.add(Permission.objects.get(codename="view_call"))
    other_group = Group.objects.create(name="readers")
    other_group.permissions.add(Permission.objects.get(codename="view_answer"))
    both.groups.add(other_group)
    inactive = make_coordinator(email="gone@example.org")
    inactive.is_active = False
    inactive.save()
    return {
        "applicant": UserFactory(email="applicant@example.org"),
        "own permission": with_own,
        "reviewer with more": both,
        "coordinator": make_coordinator(email="coordinator@example.org"),
        "superuser": UserFactory(email="root@example.org", is_superuser=True, is_staff=True),
        "inactive coordinator": inactive,
    }


def test_the_same_permissions_as_djangos_model_backend():
    accounts = _accounts()
    for name, user in accounts.items():
        ours, djangos = _fresh(user), _fresh(user)
        assert GroupsAndPermissionsBackend().get_all_permissions(
            ours
        ) == ModelBackend().get_all_permissions(djangos), name
        assert GroupsAndPermissionsBackend().get_user_permissions(
            ours
        ) == ModelBackend().get_user_permissions(djangos), name
        assert GroupsAndPermissionsBackend().get_group_permissions(
            ours
        ) == ModelBackend().get_group_permissions(djangos), name
    # Their own permission and their second group's, beside the reviewers' group's.
    permissions = _fresh(accounts["reviewer with more"]).get_all_permissions()
    assert {"calls.view_call", "applications.view_answer", "applications.view_application"} <= permissions


def test_roles_and_permissions_are_one_query_per_user_object():
    coordinator = _fresh(make_coordinator())
    with CaptureQueriesContext(connection) as read:
        assert roles_of(coordinator) == {"coordinator"}
        assert coordinator.has_perm("applications.view_application")
        assert coordinator.has_perm("reviews.view_assignment")
        assert not coordinator.has_perm("applications.no_such_permission")
    assert len(read) == 1


def test_a_group_change_counts_for_the_next_user_object():
    reviewer = make_reviewer("FR")
    assert roles_of(_fresh(reviewer)) == {"reviewer"}
    assert _fresh(reviewer).has_perm("applications.view_application")
    reviewer.groups.clear()
    assert roles_of(_fresh(reviewer)) == set()
    assert not _fresh(reviewer).has_perm("applications.view_application")


def test_the_query_has_no_order_that_sqlite_would_refuse():
    """``make run`` serves from SQLite, which refuses an ORDER BY inside a UNION."""
    from accounts.backends import _compiled

    sql, _params = _compiled(connection.vendor)
    assert "ORDER BY" not in sql
