"""What the call's charts show, each in a fixed number of grouped queries whatever the size of
the call: the funnel, applications by region, level, population band and country, the
distribution of scores per criterion, each reviewer's scores against the committee's mean.

Each function returns plain rows ``(label, value)`` or per-series values; ``common.charts``
draws them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from applications.models import Application
from reviews.enums import DecisionOutcome, ReviewStage, ReviewStatus
from reviews.models import Criterion, Review, Score

from .cohort import candidates_of, dimension_expressions, listed_values, value_label
from .enums import CohortDimension

STAGE_ORDER = [
    ReviewStage.COMPLETENESS,
    ReviewStage.DUE_DILIGENCE,
    ReviewStage.COMMITTEE_REVIEW,
    ReviewStage.DECISION,
]


def funnel(call) -> list[tuple[str, int]]:
    """How far the call's applications (withdrawn ones aside) went: started, submitted, then
    each review stage reached, then decided (released). One query."""
    stage_counts = {
        stage: Count("pk", filter=Q(candidacy__stage__in=[s.value for s in STAGE_ORDER[i:]]))
        for i, stage in enumerate(STAGE_ORDER)
    }
    totals = (
        Application.objects.filter(call=call)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .aggregate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            decided=Count("pk", filter=Q(decision__released_at__isnull=False)),
            **{stage.value: count for stage, count in stage_counts.items()},
        )
    )
    return [
        (_("Started"), totals["started"]),
        (_("Submitted"), totals["submitted"]),
        *((str(stage.label), totals[stage.value]) for stage in STAGE_ORDER),
        (_("Decided"), totals["decided"]),
    ]


def applications_by(call, dimension) -> list[tuple[str, int]]:
    """The call's candidates (submitted, in review) by one dimension. One query."""
    dimension = CohortDimension(dimension)
    expression = dimension_expressions()[dimension]
    counts = {
        row["group"] or "": row["total"]
        for row in candidates_of(call)
        .annotate(group=expression)
        .values("group")
        .annotate(total=Count("pk"))
    }
    values = listed_values(dimension) or sorted(counts, key=lambda value: -counts[value])
    rows = [(value_label(dimension, value), counts.get(value, 0)) for value in values]
    rows += [
        (value_label(dimension, value), n) for value, n in counts.items() if value not in values
    ]
    return rows


@dataclass
class ScoreCounts:
    """How often each reviewer gave each value for each criterion of a call, over the
    submitted reviews: one grouped query (a few hundred rows, whatever the call's size)
    that both the distribution per criterion and each reviewer's mean are read from."""

    criteria: list
    rows: list  # {"reviewer", "criterion", "value", "total"}


def score_counts(call) -> ScoreCounts:
    criteria = list(Criterion.objects.filter(call=call).order_by("position", "id"))
    rows = list(
        Score.objects.filter(
            criterion__call=call, review__status=ReviewStatus.SUBMITTED, value__isnull=False
        )
        .order_by()
        .values("criterion", "value", reviewer=F("review__assignment__reviewer"))
        .annotate(total=Count("pk"))
    )
    return ScoreCounts(criteria, rows)


def score_distribution(call, counts=None):
    """``[(criterion, [(score, count), ...])]``: how often each score was given per criterion,
    over the submitted reviews."""
    counts = counts or score_counts(call)
    totals = defaultdict(int)
    for row in counts.rows:
        totals[(row["criterion"], row["value"])] += row["total"]
    return [
        (
            criterion,
            [
                (str(value), totals[(criterion.pk, value)])
                for value in range(criterion.scale_min, criterion.scale_max + 1)
            ],
        )
        for criterion in counts.criteria
    ]


def reviewers_against_mean(call, counts=None):
    """``[(reviewer, own mean, committee mean, reviews)]``: each reviewer's weighted mean over
    the scores they submitted, beside the committee's weighted mean of the same applications
    (a harsh reviewer sits below it, a lenient one above). Two more queries."""
    counts = counts or score_counts(call)
    weights = {criterion.pk: float(criterion.weight) for criterion in counts.criteria}
    weighted, weight_total = defaultdict(float), defaultdict(float)
    for row in counts.rows:
        weight = weights[row["criterion"]] * row["total"]
        weighted[row["reviewer"]] += row["value"] * weight
        weight_total[row["reviewer"]] += weight
    own = {reviewer: weighted[reviewer] / weight_total[reviewer] for reviewer in weighted}
    committee = {
        row["assignment__reviewer"]: (row["mean"], row["total"])
        for row in Review.objects.filter(
            status=ReviewStatus.SUBMITTED, assignment__application__call=call
        )
        .order_by()
        .values("assignment__reviewer")
        .annotate(
            mean=Avg("assignment__application__review_scores__weighted_mean"),
            total=Count("pk"),
        )
    }
    reviewers = get_user_model().objects.filter(pk__in=list(own)).order_by("email")
    return [
        (
            reviewer,
            own[reviewer.pk],
            committee.get(reviewer.pk, (None, 0))[0],
            committee.get(reviewer.pk, (None, 0))[1],
        )
        for reviewer in reviewers
    ]


def published_results(call) -> list[tuple[str, int]]:
    """The public figures of a call whose results are published: submitted, admitted, not
    admitted, waitlisted. One query."""
    totals = (
        Application.objects.filter(call=call, submitted_at__isnull=False)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .aggregate(
            submitted=Count("pk"),
            **{
                outcome.value: Count(
                    "pk",
                    filter=Q(decision__outcome=outcome, decision__released_at__isnull=False),
                )
                for outcome in DecisionOutcome
            },
        )
    )
    return [(_("Submitted"), totals["submitted"])] + [
        (str(outcome.label), totals[outcome.value]) for outcome in DecisionOutcome
    ]
