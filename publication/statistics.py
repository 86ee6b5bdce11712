"""A call's figures on its public page, once its results are published: how many applied and
what was decided, and where the applicants came from. Drawn by ``common.charts``."""

from django.utils.translation import gettext as _

from committee import statistics
from committee.enums import CohortDimension
from common.charts import Chart

# Narrow enough for the data table beside it in the page's main column.
PUBLIC_WIDTH = 440


def published_charts(call) -> list[Chart]:
    if call.results_published_at is None:
        return []
    results = statistics.published_results(call)
    regions = statistics.applications_by(call, CohortDimension.REGION)
    return [
        Chart(
            slug="results",
            title=_("Applications and decisions"),
            description=_("Applications submitted to the call and the decisions: %(rows)s.")
            % {"rows": "; ".join(f"{label} {value}" for label, value in results)},
            category_label=_("Applications"),
            series=[_("Number")],
            rows=[(label, [value]) for label, value in results],
            width=PUBLIC_WIDTH,
        ),
        Chart(
            slug="regions",
            title=_("Applications by region"),
            description=_("Where the applicants come from: %(rows)s.")
            % {"rows": "; ".join(f"{label} {value}" for label, value in regions)},
            category_label=_("Region"),
            series=[_("Applications")],
            rows=[(label, [value]) for label, value in regions],
            width=PUBLIC_WIDTH,
        ),
    ]
