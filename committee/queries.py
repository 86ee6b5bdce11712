"""Querysets the committee's pages share, with their joins in one place."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Prefetch

from reviews.models import Assignment, Decision
from reviews.queries import coordinators, lead_region, ranking, ranking_page

from .cohort import population_band_expression
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


def meeting_rows(call):
    """The call's ranking for the meeting, best first, each row with its shortlist mark: a
    ``ranking_page`` queryset, to slice into pages (the page's rows are prefetched)."""
    return ranking_page(
        ranking(call)
        .annotate(
            shortlisted=Exists(ShortlistMark.objects.filter(application=OuterRef("pk"))),
            region=lead_region(),
            government_level=F("lead_government__government_level"),
            population_band=population_band_expression(),
        )
        .order_by("rank", "reference")
    ).prefetch_related(
        Prefetch(
            "committee_comments",
            queryset=Comment.objects.only("application", "shareable"),
            to_attr="comments_loaded",
        )
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
