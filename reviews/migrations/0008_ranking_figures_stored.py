"""The ranking's figures stored in a table, kept true by reviews.domain.refresh_ranking(),
instead of the view of 0004 that read every score of the call on each request."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

OLD_VIEW = importlib.import_module("reviews.migrations.0004_application_scores_view").CREATE_VIEW

# reviews.domain._REFRESH_RANKING as it stood when the table was made, over every application
# (frozen here: a later change to the domain's SQL must not change what this migration does).
FILL = """
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
        ON review.assignment_id = assignment.id AND review.status = 'submitted'
    LEFT OUTER JOIN reviews_score AS score ON score.review_id = review.id
    LEFT OUTER JOIN reviews_criterion AS criterion ON criterion.id = score.criterion_id
    WHERE NOT EXISTS (
        SELECT 1 FROM reviews_conflictofinterest AS conflict
        WHERE conflict.application_id = assignment.application_id
          AND conflict.reviewer_id = assignment.reviewer_id
          AND conflict.withdrawn_at IS NULL
    )
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
        SUM(CASE WHEN recommendation = 'admit' THEN 1 ELSE 0 END) AS admit_count,
        SUM(CASE WHEN recommendation = 'admit_with_conditions' THEN 1 ELSE 0 END)
            AS conditions_count,
        SUM(CASE WHEN recommendation = 'do_not_admit' THEN 1 ELSE 0 END) AS reject_count
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
              AND figures.highest_mean >= figures.lowest_mean + scale.width * 0.3
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


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_ordering_indexes_and_trigram_search"),
        ("reviews", "0007_merge_20261201_0004"),
    ]

    operations = [
        migrations.RunSQL("DROP VIEW reviews_application_scores", OLD_VIEW),
        # The view's model was unmanaged: these two touch no table, then the table is made.
        migrations.DeleteModel(name="ApplicationScores"),
        migrations.CreateModel(
            name="ApplicationScores",
            fields=[
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="review_scores",
                        serialize=False,
                        to="applications.application",
                    ),
                ),
                ("weighted_mean", models.FloatField(null=True)),
                ("highest_mean", models.FloatField(null=True)),
                ("lowest_mean", models.FloatField(null=True)),
                ("spread", models.FloatField(null=True)),
                ("large_spread", models.BooleanField(default=False)),
                ("reviews_submitted", models.IntegerField(default=0)),
                ("reviews_assigned", models.IntegerField(default=0)),
                ("admit_count", models.IntegerField(default=0)),
                ("conditions_count", models.IntegerField(default=0)),
                ("reject_count", models.IntegerField(default=0)),
            ],
            options={"db_table": "reviews_application_scores"},
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
