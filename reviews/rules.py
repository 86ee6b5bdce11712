"""Who may see and do what in the review (django-rules predicates), asked by name:
``user.has_perm("reviews.read_application", application)``.

Every admin view of the review asks these, on top of the reviewer filters in queries.py. A
conflict of interest (reviews.conflicts: declared, or standing behind the application, or coming
from its country) is checked here on every read, not only at assignment: the reviewer can
neither open the application nor see its reviews. The predicates ask the same rule as the
querysets (reviews.conflicts.conflicted()).
"""

from contextlib import contextmanager
from contextvars import ContextVar

import rules
from django.utils.translation import gettext as _

from accounts.rules import is_coordinator

from .enums import ReviewStage, ReviewStatus

_facts = ContextVar("review_facts", default=None)


@contextmanager
def facts_read_once():
    """Within the block, each fact these rules read about a user and an application (assigned,
    conflicted, own review submitted) is read from the database once, however many rules ask
    it: a page asks several permissions of one application. Only for code that changes none
    of these facts (a page being drawn); outside the block every rule reads afresh."""
    token = _facts.set({})
    try:
        yield
    finally:
        _facts.reset(token)


def facts_are_read_once() -> bool:
    """Whether the code running is inside ``facts_read_once()``."""
    return _facts.get() is not None


def _remembered(fact, user, application, read):
    facts = _facts.get()
    if facts is None or application is None or application.pk is None:
        return read()
    key = (fact, user.pk, application.pk)
    if key not in facts:
        facts[key] = read()
    return facts[key]


def remember_assigned(user, application, *, assigned) -> None:
    """A page that has read every assignment of the application tells whether ``user`` is
    among them, so that the rules do not read it again (only inside ``facts_read_once``)."""
    _remembered("assigned", user, application, lambda: assigned)


@rules.predicate
def is_assigned_reviewer(user, application):
    if application is None or not user.is_authenticated or not user.is_active:
        return False
    from .models import Assignment  # rules is a leaf module: models are read when asked

    return _remembered(
        "assigned",
        user,
        application,
        lambda: Assignment.objects.filter(application=application, reviewer=user).exists(),
    )


def _conflict_kinds(user, application):
    from .conflicts import conflict_kinds  # rules is a leaf module: models are read when asked

    return _remembered(
        "conflicts",
        user,
        application,
        lambda: conflict_kinds(application=application, reviewer=user),
    )


@rules.predicate
def has_conflict(user, application):
    """A declared conflict, not withdrawn (reviews.conflicts.DECLARED)."""
    from .conflicts import DECLARED

    return DECLARED in _conflict_kinds(user, application)


@rules.predicate
def stands_behind(user, application):
    """The user is on the applicant's side: an editor, invited to edit, or a partner's contact
    (reviews.conflicts.STANDS_BEHIND). A conflict whether declared or not."""
    from .conflicts import STANDS_BEHIND

    return bool(set(STANDS_BEHIND) & set(_conflict_kinds(user, application)))


@rules.predicate
def is_from_applicant_country(user, application):
    """The reviewer's country (their profile) is the lead government's: checked whenever they
    read, not only when assigned, since either country may change afterwards."""
    from .conflicts import COUNTRY

    return COUNTRY in _conflict_kinds(user, application)


@rules.predicate
def is_conflicted(user, application):
    """Any kind of conflict (reviews.conflicts.conflicted(), the rule the querysets use)."""
    return bool(_conflict_kinds(user, application))


@rules.predicate
def has_submitted_own_review(user, application):
    if application is None or not user.is_authenticated:
        return False
    from .models import Review

    return _remembered(
        "submitted",
        user,
        application,
        lambda: Review.objects.filter(
            assignment__application=application,
            assignment__reviewer=user,
            status=ReviewStatus.SUBMITTED,
        ).exists(),
    )


@rules.predicate
def is_decision_released(user, application):
    decision = getattr(application, "decision", None) if application is not None else None
    return decision is not None and decision.is_released


def why_cannot_score(user, application) -> str | None:
    """Why ``user`` cannot score ``application`` now, in words for the page; None if they can."""
    if not is_assigned_reviewer(user, application):
        return _("You are not assigned to review this application.")
    from .conflicts import COUNTRY, DECLARED, STANDS_BEHIND

    kinds = _conflict_kinds(user, application)
    if DECLARED in kinds:
        return _("You declared a conflict of interest with this application.")
    if set(STANDS_BEHIND) & set(kinds):
        return _(
            "You are an editor of this application, invited to edit it or a partner's contact: "
            "you cannot review it."
        )
    if COUNTRY in kinds:
        return _("This application comes from your own country: you cannot review it.")
    if has_submitted_own_review(user, application):
        return _("You have submitted your review; it can no longer be changed.")
    stage = getattr(getattr(application, "candidacy", None), "stage", None)
    if stage != ReviewStage.COMMITTEE_REVIEW:
        return _("Scoring opens when the application reaches committee review.")
    return None


@rules.predicate
def can_score(user, application):
    return why_cannot_score(user, application) is None


@rules.predicate
def declared_the_conflict(user, conflict):
    return (
        conflict is not None
        and user.is_authenticated
        and user.is_active
        and conflict.reviewer_id == user.pk
        and conflict.declared_by_id == user.pk
    )


@rules.predicate
def is_standing_conflict(user, conflict):
    return conflict is not None and conflict.withdrawn_at is None


can_read_application = is_coordinator | (is_assigned_reviewer & ~is_conflicted)
can_see_other_reviews = is_coordinator | (
    is_assigned_reviewer & ~is_conflicted & has_submitted_own_review
)
can_declare_conflict = (
    is_assigned_reviewer & ~has_conflict & ~has_submitted_own_review & ~is_decision_released
)

rules.add_perm("reviews.read_application", can_read_application)
rules.add_perm("reviews.score_application", can_score)
rules.add_perm("reviews.see_other_reviews", can_see_other_reviews)
rules.add_perm("reviews.declare_conflict", can_declare_conflict)
# Withdrawn, never deleted (reviews.domain.withdraw_conflict).
rules.add_perm(
    "reviews.withdraw_conflict", is_standing_conflict & (is_coordinator | declared_the_conflict)
)
rules.add_perm("reviews.delete_conflict", rules.always_deny)
