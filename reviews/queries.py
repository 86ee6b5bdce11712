"""Querysets the review pages share, with their joins in one place so no page's query count
grows with its rows. The ranking computes everything in one SQL query."""

from django.contrib.auth import get_user_model
from django.db.models import (
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, Rank

from accounts.roles import COORDINATOR_GROUP, REVIEWER_GROUP
from applications.enums import ApplicationStatus
from applications.models import Application
from common.kept import kept

from .conflicts import conflicted, kinds_of, not_conflicted, with_conflict_kinds
from .enums import ReviewStatus
from .models import (
    Assignment,
    Criterion,
    Review,
    Score,
)
from .regions import region_expression

# Reviewers disagree "a lot" when their weighted means differ by this share of the scale's
# width or more (1.2 points on a 1 to 5 scale): the ranking flags it for a closer look.
LARGE_SPREAD_SHARE = 0.3


def coordinators():
    """The people told about conflicts: the coordinator group, else the superusers."""
    users = get_user_model().objects.filter(is_active=True)
    group = users.filter(groups__name=COORDINATOR_GROUP, is_staff=True).order_by("email")
    return group if group.exists() else users.filter(is_superuser=True).order_by("email")


def reviewer_pool():
    """Reviewers available for new assignments."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=REVIEWER_GROUP)
        .exclude(reviewer_profile__available=False)
        .select_related("reviewer_profile")
        .order_by("email")
    )


def applications_for_reviewer(user):
    """The applications ``user`` reviews: assigned to them, with no conflict (declared, on the
    applicant's side, or from the applicant's country), as ``reviews.read_application`` says."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(assignments__reviewer=user).filter(
        not_conflicted(application="pk", reviewer=user)
    )


def _weighted_mean(scores, group_by):
    """Sum(score × weight) / Sum(weight) over ``scores``, per ``group_by``."""
    return Subquery(
        scores.filter(value__isnull=False)
        .order_by()
        .values(group_by)
        .annotate(
            mean=Cast(Sum(F("value") * F("criterion__weight")), FloatField())
            / Cast(Sum("criterion__weight"), FloatField())
        )
        .values("mean")[:1],
        output_field=FloatField(),
    )


def reviews_with_weighted_mean(queryset):
    """Reviews annotated with ``weighted_mean``, their own weighted mean score."""
    return queryset.annotate(
        weighted_mean=_weighted_mean(Score.objects.filter(review=OuterRef("pk")), "review")
    )


def ranking(call=None, *, ranked=True):
    """Applications in review with their scores, in one query however many there are.

    Annotations: ``weighted_mean`` (Sum(score × weight) / Sum(weight) over the submitted,
    unconflicted reviews), ``reviews_submitted`` and ``reviews_assigned`` (assignments without a
    conflict), ``highest_mean`` and ``lowest_mean`` (per-review weighted means), ``spread``
    (highest minus lowest, from two reviews on), ``large_spread`` (the spread is
    LARGE_SPREAD_SHARE of the call's scale or more), ``admit_count``, ``conditions_count``,
    ``reject_count`` and ``rank`` (by weighted mean, within the call and the current filters).
    The lead government's region is ``lead_region()``, to annotate or filter by.

    The figures are read from the stored ``ApplicationScores`` (one row per application, kept
    true by ``domain.refresh_ranking``), not computed from the scores here: that would read
    every score of the call on each request. Only the rank is computed, by a window that
    sorts every row of the call: so nothing else is joined here. A page of rows prefetches
    what it shows (100 rows, not the whole call), an export reads ``values()``. With
    ``ranked=False``, no rank: the figures of some rows whose rank is known otherwise.
    """
    queryset = Application.objects.filter(candidacy__isnull=False).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    if call is not None:
        queryset = queryset.filter(call=call)
    zero = Value(0)
    rank = {}
    if ranked:
        rank["rank"] = Window(
            Rank(),
            partition_by=[F("call_id")],
            order_by=F("review_scores__weighted_mean").desc(nulls_last=True),
        )
    return queryset.annotate(
        weighted_mean=F("review_scores__weighted_mean"),
        highest_mean=F("review_scores__highest_mean"),
        lowest_mean=F("review_scores__lowest_mean"),
        spread=F("review_scores__spread"),
        large_spread=Coalesce(F("review_scores__large_spread"), Value(False)),
        reviews_submitted=Coalesce(F("review_scores__reviews_submitted"), zero),
        reviews_assigned=Coalesce(F("review_scores__reviews_assigned"), zero),
        admit_count=Coalesce(F("review_scores__admit_count"), zero),
        conditions_count=Coalesce(F("review_scores__conditions_count"), zero),
        reject_count=Coalesce(F("review_scores__reject_count"), zero),
        **rank,
    )


def lead_region():
    """The region of the application's lead government, computed by the database."""
    return region_expression("lead_government__country")


def ranking_rows(ranks):
    """The rows of a ranking page whose ids and ranks are known (``[(id, rank), …]``, from
    the kept order of the whole filtered call): in that order, each with its ``rank`` and
    figures, its lead government, candidacy and decision, in one query by id."""
    rows = (
        ranking(ranked=False)
        .filter(pk__in=[pk for pk, _rank in ranks])
        .order_by()
        .select_related("lead_government", "candidacy", "decision")
        .only(
            "reference",
            "status",
            "lead_government__name",
            "lead_government__country",
            "candidacy__stage",
            "decision__outcome",
            "decision__released_at",
        )
    )
    by_id = {row.pk: row for row in rows}
    page = []
    for pk, rank in ranks:
        row = by_id.get(pk)
        if row is not None:  # gone since the order was kept (not kept past its change)
            row.rank = rank
            page.append(row)
    return page


# The ranking export reads its rows through a server-side cursor, this many at a time, so
# the web process holds one chunk whatever the size of the call.
RANKING_EXPORT_CHUNK_SIZE = 1000


def iterate_ranking(queryset=None):
    """The rows of a ranking queryset (``ranking()`` or the admin's filtered and ordered copy
    of it) one at a time, for a streamed export: feed them to
    ``publication.spreadsheets.streaming_csv_response``."""
    queryset = ranking() if queryset is None else queryset
    return queryset.iterator(chunk_size=RANKING_EXPORT_CHUNK_SIZE)


def reviews_of(application, *, include_drafts):
    """The application's reviews with their scores and reviewers, criteria in order."""
    reviews = Review.objects.filter(assignment__application=application)
    if not include_drafts:
        reviews = reviews.filter(status=ReviewStatus.SUBMITTED)
    return (
        reviews_with_weighted_mean(reviews)
        .annotate(conflicted=conflicted("assignment__application", "assignment__reviewer"))
        .select_related("assignment__reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("-status", "submitted_at", "id")
    )


def assignments_with_reviews(application):
    """The application's assignments in the order they were made, each with its reviewer, who
    assigned it and its review, in one query: ``conflict_kinds`` (the kinds of conflict of the
    rule between the reviewer and the application, reviews.conflicts), ``conflicted`` (any)
    and ``review_mean`` (their review's weighted mean). The coordinator's view of an
    application: its reviewers, and its reviews through ``reviews_among``."""
    assignments = list(
        with_conflict_kinds(
            Assignment.objects.filter(application=application)
            .select_related("reviewer", "assigned_by", "review")
            .annotate(
                review_mean=_weighted_mean(
                    Score.objects.filter(review=OuterRef("review")), "review"
                )
            )
        ).order_by("assigned_at", "id")
    )
    for assignment in assignments:
        assignment.conflict_kinds = kinds_of(assignment)
        assignment.conflicted = bool(assignment.conflict_kinds)
    return assignments


def reviews_among(assignments, *, include_drafts):
    """The reviews of ``assignments`` (``assignments_with_reviews``) as ``reviews_of`` gives
    them: submitted first in the order they were submitted, then drafts; each with
    ``weighted_mean``, ``conflicted`` and its scores (matched to the criteria by their ids)."""
    reviews = []
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        if review is None or not (include_drafts or review.is_submitted):
            continue
        review.assignment = assignment
        review.weighted_mean = assignment.review_mean
        review.conflicted = assignment.conflicted
        reviews.append(review)
    reviews.sort(key=_review_order)
    prefetch_related_objects(reviews, "scores")  # matched to the criteria by their ids
    return reviews


def _review_order(review):
    # reviews_of's order_by("-status", "submitted_at", "id"): PostgreSQL puts a missing
    # submitted_at last.
    return (
        review.status != ReviewStatus.SUBMITTED,
        review.submitted_at is None,
        review.submitted_at or 0,
        review.pk,
    )


def own_assignment(user, application):
    return (
        Assignment.objects.filter(application=application, reviewer=user)
        .select_related("application", "application__call", "review")
        .first()
    )


# What criteria_of() reads; watched by the reviews app (reviews.apps).
CRITERIA_SOURCES = ("reviews.Criterion",)


def criteria_of(call) -> list[Criterion]:
    """The call's criteria in order, kept until a criterion changes (common.kept): a call's
    criteria are set before its review and read on every page that shows a score."""
    return kept(
        ("criteria", call.pk),
        lambda: list(Criterion.objects.filter(call=call).order_by("position", "id")),
        sources=CRITERIA_SOURCES,
    )


def outstanding_assignments(queryset=None):
    """Assignments whose review is not submitted, without a conflict (``reviews.conflicts``): the
    same rows for the coordinator's count, the assignment list it links to and the reviewers'
    reminders."""
    queryset = Assignment.objects.all() if queryset is None else queryset
    return queryset.exclude(review__status=ReviewStatus.SUBMITTED).filter(
        not_conflicted("application", "reviewer")
    )


def overdue_assignments(queryset=None, *, now):
    """Outstanding assignments of applications still in review whose call's review deadline
    has passed at ``now``."""
    return outstanding_assignments(queryset).filter(
        application__call__review_deadline__lte=now,
        application__status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
    )
