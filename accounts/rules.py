"""The staff roles as predicates that read only the user's groups (django-rules).

What each role may do is written in ``accounts/roles.py`` (``ROLE_DESCRIPTIONS``) and in
``docs/domain.md``. Code asks these by name: ``user.has_perm("accounts.coordinate")``.
"""

import rules

from .roles import COORDINATOR_GROUP, REVIEWER_GROUP


def roles_of(user) -> set[str]:
    """The staff roles ``user`` holds, read once per user object (a request's user)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    roles = getattr(user, "_staff_roles", None)
    if roles is None:
        roles = set(
            user.groups.filter(name__in=[COORDINATOR_GROUP, REVIEWER_GROUP]).values_list(
                "name", flat=True
            )
        )
        user._staff_roles = roles
    return roles


@rules.predicate
def is_coordinator(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or COORDINATOR_GROUP in roles_of(user))
    )


@rules.predicate
def is_reviewer(user):
    return user.is_authenticated and user.is_staff and REVIEWER_GROUP in roles_of(user)


rules.add_perm("accounts.coordinate", is_coordinator)
rules.add_perm("accounts.review", is_reviewer)
