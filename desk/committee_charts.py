"""The call's charts on the desk, from ``committee.statistics``, drawn by ``common.charts``."""

from django.utils.translation import gettext as _

from committee import statistics
from committee.enums import CohortDimension
from common.charts import Chart

# Two charts side by side, each with its table.
SMALL_WIDTH = 420


def _total(rows):
    return sum(value for _label, value in rows)


def funnel_chart(call):
    rows = statistics.funnel(call)
    return Chart(
        slug="funnel",
        title=_("How far the applications went"),
        description=_(
            "Applications started, submitted, reaching each review stage, and decided: %(rows)s."
        )
        % {"rows": "; ".join(f"{label} {value}" for label, value in rows)},
        category_label=_("Step"),
        series=[_("Applications")],
        rows=[(label, [value]) for label, value in rows],
    )


def dimension_chart(call, dimension):
    dimension = CohortDimension(dimension)
    rows = statistics.applications_by(call, dimension)
    return Chart(
        slug=f"by-{dimension.value.replace('_', '-')}",
        title=_("Applications by %(dimension)s") % {"dimension": dimension.label},
        description=_("%(total)s applications in review, by %(dimension)s: %(rows)s.")
        % {
            "total": _total(rows),
            "dimension": dimension.label,
            "rows": "; ".join(f"{label} {value}" for label, value in rows),
        },
        category_label=str(dimension.label).capitalize(),
        series=[_("Applications")],
        rows=[(label, [value]) for label, value in rows],
        width=SMALL_WIDTH,
    )


def score_charts(call, counts=None):
    charts = []
    for criterion, rows in statistics.score_distribution(call, counts):
        charts.append(
            Chart(
                slug=f"scores-{criterion.pk}",
                title=_("Scores given for %(criterion)s") % {"criterion": criterion.name},
                description=_("How many submitted reviews gave each score: %(rows)s.")
                % {"rows": "; ".join(f"{label}: {value}" for label, value in rows)},
                category_label=_("Score"),
                series=[_("Reviews")],
                rows=[(label, [value]) for label, value in rows],
                width=SMALL_WIDTH,
                label_width=60,
            )
        )
    return charts


def reviewer_chart(call, counts=None):
    rows = statistics.reviewers_against_mean(call, counts)
    return Chart(
        slug="reviewers",
        title=_("Each reviewer's scores against the committee's mean"),
        description=_(
            "For each reviewer, the weighted mean of the scores they gave, beside the "
            "committee's weighted mean for the same applications: a reviewer well below it is "
            "harsher than the committee, one well above more lenient."
        ),
        category_label=_("Reviewer"),
        series=[_("Reviewer's mean"), _("Committee's mean")],
        rows=[
            (reviewer.get_full_name() or reviewer.email, [own, committee])
            for reviewer, own, committee, _count in rows
        ],
        decimals=2,
    )


def call_charts(call):
    counts = statistics.score_counts(call)  # read once for two charts
    return {
        "funnel": funnel_chart(call),
        "dimensions": [
            dimension_chart(call, dimension)
            for dimension in (
                CohortDimension.REGION,
                CohortDimension.GOVERNMENT_LEVEL,
                CohortDimension.POPULATION_BAND,
                CohortDimension.COUNTRY,
            )
        ],
        "scores": score_charts(call, counts),
        "reviewers": reviewer_chart(call, counts),
    }
