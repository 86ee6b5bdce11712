"""The staff roles as predicates that read the user's groups (django-rules), and, in a request,
whether its session gave the second factor (``accounts.second_factor``).

What each role may do is written in ``accounts/roles.py`` (``ROLE_DESCRIPTIONS``) and in
``docs/domain.md``. Code asks these by name: ``user.has_perm("accounts.coordinate")``. Every
staff rule of the other apps is built on ``is_coordinator`` or ``is_reviewer``, so a staff
session without the second factor holds no staff right anywhere (docs/staff-sessions.md).
"""

import rules

from .backends import read_groups_and_permissions
from .roles import COORDINATOR_GROUP, REVIEWER_GROUP
from .second_factor import staff_rights_withheld


def roles_of(user) -> set[str]:
    """The staff roles ``user`` holds, read once per user object (a request's user), with
    their permissions (accounts.backends)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    read_groups_and_permissions(user)
    return {COORDINATOR_GROUP, REVIEWER_GROUP} & user._group_names


@rules.predicate
def session_passed_second_factor(user):
    """False only for the user of the request being served, when that session's sign-in did not
    include the second factor; outside a request (domain code, tasks) there is no session."""
    return not staff_rights_withheld(user)


@rules.predicate
def holds_coordinator_role(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or COORDINATOR_GROUP in roles_of(user))
    )


@rules.predicate
def holds_reviewer_role(user):
    return user.is_authenticated and user.is_staff and REVIEWER_GROUP in roles_of(user)


is_coordinator = holds_coordinator_role & session_passed_second_factor
is_reviewer = holds_reviewer_role & session_passed_second_factor


rules.add_perm("accounts.coordinate", is_coordinator)
rules.add_perm("accounts.review", is_reviewer)
