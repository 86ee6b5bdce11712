"""Querysets the committee's pages share, with their joins in one place."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from reviews.models import Assignment, Decision
from reviews.queries import coordinators, ranking

from .models import Comment, Meeting, ShortlistMark


def discussion_of(application):
    """The application's discussion, oldest first, with each author."""
    return (
        Comment.objects.filter(application=application)
        .select_related("author")
        .order_by("written_at", "id")
    )


def shareable_comments(application):
    return discussion_of(application).filter(shareable=True)


def discussion_participants(application):
    """Who may read the discussion: the coordinators and the assigned reviewers for whom
    ``committee.discuss_application`` holds (submitted their review, no conflict)."""
    reviewers = get_user_model().objects.filter(
        pk__in=Assignment.objects.filter(application=application).values("reviewer")
    )
    people = {user.pk: user for user in coordinators()}
    for reviewer in reviewers:
        if reviewer.has_perm("committee.discuss_application", application):
            people[reviewer.pk] = reviewer
    return sorted(people.values(), key=lambda user: user.email)


def meeting_order(call) -> list[tuple[int, int]]:
    """``(application id, rank)`` of the call's candidates in the meeting's order, best
    first: the one query that ranks the whole call (a window over every row)."""
    return list(ranking(call).order_by("rank", "reference").values_list("pk", "rank"))


def meeting_rows(call, pks):
    """The meeting's rows of the applications ``pks`` (a page of ``meeting_order``), in that
    order, each with its figures and shortlist mark; their rank is ``meeting_order``'s."""
    rows = {row.pk: row for row in _meeting_rows(call).filter(pk__in=pks)}
    return [rows[pk] for pk in pks if pk in rows]


def _meeting_rows(call):
    """One query for a page of rows: no window (the rank is known), no region or band worked
    out by the database (a long CASE to compile for 25 rows: ``row_facts`` does it here)."""
    comments = (
        Comment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        ranking(call, ranked=False)
        .annotate(
            shortlisted=Exists(ShortlistMark.objects.filter(application=OuterRef("pk"))),
            comment_count=Coalesce(Subquery(comments), 0),
            # Plain values: the country's code (not a Country, built per row), level, population.
            country_code=F("lead_government__country"),
            government_level=F("lead_government__government_level"),
            population=F("lead_government__population"),
        )
        .select_related("lead_government", "candidacy", "decision")
        .only(
            "reference",
            "status",
            "lead_government__name",
            "candidacy__stage",
            "decision__outcome",
            "decision__released_at",
        )
        .order_by()
    )


def meetings_of(call):
    return Meeting.objects.filter(call=call).prefetch_related("attendees").order_by("-held_on")


def decisions_of(call):
    """The call's decisions for the minutes, best ranked first by reference."""
    return (
        Decision.objects.filter(application__call=call)
        .select_related("application__lead_government", "decided_by")
        .order_by("application__reference")
    )
