"""The conflict-of-interest rule, written once.

A reviewer is conflicted with an application when any of these holds, whenever it appeared
(before or after the assignment):

- ``declared``: they (or a coordinator for them) declared a conflict, not withdrawn;
- ``editor``: they are one of the application's editors;
- ``invited``: they are invited to edit it (an invitation not withdrawn);
- ``partner``: they are a consortium partner's contact;
- ``country``: their country (their reviewer profile) is the lead government's.

``conflicted()`` is the rule as a query condition (``not_conflicted()`` its negation, written
so that PostgreSQL can plan it fast); the permission predicates (reviews.rules),
assignment (reviews.domain), the reviewer's queue, the desks' counts and the ranking's figures
all filter with it, so they cannot disagree. ``conflict_kinds()`` asks it of one pair.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationEditor, EditorInvitation, Partner

from .models import ConflictOfInterest, Reviewer

DECLARED = "declared"
EDITOR = "editor"
INVITED = "invited"
PARTNER = "partner"
COUNTRY = "country"

# The tables the rule reads: a value kept with the rule in it (common.kept) names these.
SOURCES = (
    "reviews.ConflictOfInterest",
    "applications.ApplicationEditor",
    "applications.EditorInvitation",
    "applications.Partner",
    "reviews.Reviewer",
    "applications.Application",
    "applications.Organisation",
    "accounts.User",
)

# The kinds in which a reviewer stands behind the application (on the applicant's side).
STANDS_BEHIND = (EDITOR, INVITED, PARTNER)


def _application(path, field=None):
    """The application at ``path`` from the queryset's rows ("pk" on applications), or one of
    its fields, as an outer reference."""
    if field is None:
        return OuterRef(path)
    return OuterRef(field if path == "pk" else f"{path}__{field}")


def _reviewer(reviewer, field="pk"):
    """The reviewer: a path from the queryset's rows to the user, or a user."""
    if isinstance(reviewer, str):
        return OuterRef(reviewer if field == "pk" else f"{reviewer}__{field}")
    return getattr(reviewer, field)


def _declared(application, reviewer):
    return Exists(
        ConflictOfInterest.objects.filter(
            application=_application(application), reviewer=_reviewer(reviewer)
        )
    )


def _editor(application, reviewer):
    return Exists(
        ApplicationEditor.objects.filter(
            application=_application(application), user=_reviewer(reviewer)
        )
    )


def _invited(application, reviewer):
    return Exists(
        EditorInvitation.objects.filter(
            application=_application(application),
            revoked_at__isnull=True,
            email__iexact=_reviewer(reviewer, "email"),
        ).exclude(email="")
    )


def _partner(application, reviewer):
    return Exists(
        Partner.objects.filter(
            application=_application(application),
            contact_email__iexact=_reviewer(reviewer, "email"),
        ).exclude(contact_email="")
    )


def _country(application, reviewer):
    return Exists(
        Reviewer.objects.filter(
            user=_reviewer(reviewer),
            country=_application(application, "lead_government__country"),
        ).exclude(country="")
    )


KINDS = {
    DECLARED: _declared,
    EDITOR: _editor,
    INVITED: _invited,
    PARTNER: _partner,
    COUNTRY: _country,
}


def conflicted(application="application", reviewer="reviewer", *, kinds=tuple(KINDS)) -> Q:
    """The condition "the reviewer is conflicted with the application", for ``filter()``,
    ``exclude()`` or an annotation.

    ``application`` is the path from the queryset's rows to the application ("pk" on a queryset
    of applications); ``reviewer`` the path to the reviewer's user, or a user.
    ``kinds`` narrows the rule to some of its kinds.
    """
    return reduce(or_, (Q(KINDS[kind](application, reviewer)) for kind in kinds))


def not_conflicted(application="application", reviewer="reviewer", *, kinds=tuple(KINDS)) -> Q:
    """The condition "the reviewer is not conflicted with the application": the same rows as
    ``exclude(conflicted(...))``, written as one ``NOT EXISTS`` per kind joined by AND, which
    PostgreSQL plans as anti-joins over each table once, where ``NOT (EXISTS OR EXISTS ...)``
    runs five subqueries per row (at 10,000 applications, most of the desk's lists' time)."""
    return reduce(and_, (~Q(KINDS[kind](application, reviewer)) for kind in kinds))


def with_conflict_kinds(queryset, application="application", reviewer="reviewer"):
    """``queryset`` with one flag per kind of the rule (``is_declared``, ``is_editor``, ...)
    for its rows' application and reviewer (paths as for ``conflicted()``); ``kinds_of()``
    reads them. The rule asked once for several pairs, telling which kinds hold."""
    return queryset.annotate(**{_flag(kind): KINDS[kind](application, reviewer) for kind in KINDS})


def kinds_of(row) -> list[str]:
    """The kinds of conflict flagged on ``row`` (a model or a ``values()`` dict) by
    ``with_conflict_kinds``: conflicted by the rule if any."""
    flags = row if isinstance(row, dict) else vars(row)
    return [kind for kind in KINDS if flags[_flag(kind)]]


def _flag(kind):
    return f"is_{kind}"


def conflict_kinds(*, application, reviewer) -> list[str]:
    """The kinds of conflict between ``reviewer`` and ``application``, in one query."""
    if application is None or application.pk is None or not reviewer.is_authenticated:
        return []
    rows = with_conflict_kinds(Application.objects.filter(pk=application.pk), "pk", reviewer)
    row = rows.values(*map(_flag, KINDS)).first()
    return kinds_of(row) if row else []


# What each kind is called where a coordinator reads it (the application's reviewers).
LABELS = {
    DECLARED: _("declared"),
    EDITOR: _("an editor"),
    INVITED: _("invited to edit"),
    PARTNER: _("a partner's contact"),
    COUNTRY: _("the applicant's country"),
}
