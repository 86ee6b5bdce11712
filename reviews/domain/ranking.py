"""The ranking's stored figures, computed again whenever what they count changes."""

from django.db import connection, transaction

from applications.models import Application

from ..conflicts import conflicted
from ..enums import Recommendation, ReviewStatus
from ..models import ApplicationScores, Assignment
from ..queries import LARGE_SPREAD_SHARE
from ..signals import ranking_refreshed

# The ranking's figures --------------------------------------------------------------------

# Portable SQL (PostgreSQL and SQLite). ``{applications}`` is a subquery naming the
# applications to refresh, ``{conflicted}`` the ids of their conflicted assignments
# (reviews.conflicts; "0" for none), which do not count. Each review's weighted mean is computed once, in
# ``per_assignment`` (one row per assignment that counts, with its submitted review if any);
# the application's figures are one grouping over those rows.
_REFRESH_RANKING = """
WITH per_assignment AS (
    SELECT
        assignment.application_id AS application_id,
        review.id AS review_id,
        review.recommendation AS recommendation,
        SUM(CASE WHEN score.value IS NOT NULL
                 THEN score.value * criterion.weight END) AS weighted_sum,
        SUM(CASE WHEN score.value IS NOT NULL THEN criterion.weight END) AS weight_sum
    FROM reviews_assignment AS assignment
    LEFT OUTER JOIN reviews_review AS review
        ON review.assignment_id = assignment.id AND review.status = %s
    LEFT OUTER JOIN reviews_score AS score ON score.review_id = review.id
    LEFT OUTER JOIN reviews_criterion AS criterion ON criterion.id = score.criterion_id
    WHERE assignment.application_id IN ({applications})
      AND assignment.id NOT IN ({conflicted})
    GROUP BY assignment.application_id, assignment.id, review.id, review.recommendation
),
means AS (
    SELECT
        application_id,
        review_id,
        recommendation,
        weighted_sum,
        weight_sum,
        CAST(weighted_sum AS DOUBLE PRECISION)
            / CAST(NULLIF(weight_sum, 0) AS DOUBLE PRECISION) AS mean
    FROM per_assignment
),
figures AS (
    SELECT
        means.application_id AS application_id,
        CAST(SUM(weighted_sum) AS DOUBLE PRECISION)
            / CAST(NULLIF(SUM(weight_sum), 0) AS DOUBLE PRECISION) AS weighted_mean,
        MAX(mean) AS highest_mean,
        MIN(mean) AS lowest_mean,
        COUNT(review_id) AS reviews_submitted,
        COUNT(*) AS reviews_assigned,
        SUM(CASE WHEN recommendation = %s THEN 1 ELSE 0 END) AS admit_count,
        SUM(CASE WHEN recommendation = %s THEN 1 ELSE 0 END) AS conditions_count,
        SUM(CASE WHEN recommendation = %s THEN 1 ELSE 0 END) AS reject_count
    FROM means
    GROUP BY means.application_id
),
scale AS (
    SELECT call_id, MAX(scale_max) - MIN(scale_min) AS width
    FROM reviews_criterion
    GROUP BY call_id
)
INSERT INTO reviews_application_scores (
    application_id, weighted_mean, highest_mean, lowest_mean, spread, large_spread,
    reviews_submitted, reviews_assigned, admit_count, conditions_count, reject_count
)
SELECT
    figures.application_id,
    figures.weighted_mean,
    figures.highest_mean,
    figures.lowest_mean,
    CASE WHEN figures.reviews_submitted >= 2
         THEN figures.highest_mean - figures.lowest_mean END,
    CASE WHEN figures.reviews_submitted >= 2
              AND figures.highest_mean >= figures.lowest_mean + scale.width * %s
         THEN TRUE ELSE FALSE END,
    figures.reviews_submitted,
    figures.reviews_assigned,
    figures.admit_count,
    figures.conditions_count,
    figures.reject_count
FROM figures
INNER JOIN applications_application AS application
    ON application.id = figures.application_id
LEFT OUTER JOIN scale ON scale.call_id = application.call_id
"""


def refresh_ranking(*, applications) -> None:
    """Compute again the stored ranking figures (``ApplicationScores``) of ``applications``
    (a queryset): their weighted means, spreads and counts.

    Every domain function that changes what they are made of calls this in its own
    transaction: a submitted review, an assignment made or removed, a conflict declared or
    withdrawn, a criterion's weight or scale. Whatever loads reviews in bulk without them
    (a data import, a benchmark's seeding) calls it once at the end.

    The applications' rows are locked first: two reviews of one application submitted at
    the same moment are counted one after the other, each with the other's committed.
    """
    with transaction.atomic():
        chosen = applications.order_by().values("pk")
        locked = (
            Application.objects.filter(pk__in=chosen)
            .order_by("pk")
            .select_for_update(no_key=True)
            .values_list("pk", flat=True)
        )
        if not list(locked):
            return
        ApplicationScores.objects.filter(application__in=chosen).delete()
        # The conflicted assignments, asked first and on their own (reviews.conflicts): few,
        # and the big query's plan stays as simple as the rule is rich.
        conflicted_ids = Assignment.objects.filter(conflicted(), application__in=chosen)
        excluded = ", ".join(str(int(pk)) for pk in conflicted_ids.values_list("pk", flat=True))
        subquery, subquery_params = chosen.query.sql_with_params()
        params = [
            ReviewStatus.SUBMITTED,
            *subquery_params,
            Recommendation.ADMIT,
            Recommendation.ADMIT_WITH_CONDITIONS,
            Recommendation.DO_NOT_ADMIT,
            LARGE_SPREAD_SHARE,
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                _REFRESH_RANKING.format(applications=subquery, conflicted=excluded or "0"), params
            )
        ranking_refreshed.send(sender=ApplicationScores)


def _refresh(application_id):
    refresh_ranking(applications=Application.objects.filter(pk=application_id))


def _refresh_call(call):
    refresh_ranking(applications=Application.objects.filter(call=call))
