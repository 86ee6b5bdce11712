"""The cohort as the committee forms it: counts by region, level of government, population
band and country, of the shortlist against the coordinator's targets and of every candidate,
and the warnings the balance calls for. A fixed number of grouped queries, whatever the size
of the call.
"""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils.translation import gettext as _
from django_countries import countries

from applications.enums import GovernmentLevel
from applications.models import Application
from reviews.enums import Region
from reviews.queries import lead_region, ranking

from .enums import POPULATION_BAND_FLOORS, CohortDimension, PopulationBand
from .models import CohortPlan, CohortTarget


def population_band_expression(population_field="lead_government__population"):
    """The population band of the lead government, computed by the database."""
    return Case(
        *(
            When(**{f"{population_field}__gte": floor}, then=Value(band.value))
            for band, floor in POPULATION_BAND_FLOORS
        ),
        default=Value(PopulationBand.UNKNOWN.value),
        output_field=CharField(),
    )


def population_band_of(population) -> PopulationBand:
    if population is None:
        return PopulationBand.UNKNOWN
    for band, floor in POPULATION_BAND_FLOORS:
        if population >= floor:
            return band
    return PopulationBand.UNKNOWN


def value_label(dimension, value) -> str:
    if dimension == CohortDimension.REGION:
        return str(Region(value).label) if value in Region.values else _("no region")
    if dimension == CohortDimension.GOVERNMENT_LEVEL:
        return str(GovernmentLevel(value).label) if value in GovernmentLevel.values else "—"
    if dimension == CohortDimension.POPULATION_BAND:
        return str(PopulationBand(value).label)
    return str(countries.name(value)) or value


def dimension_expressions():
    return {
        CohortDimension.REGION: lead_region(),
        CohortDimension.GOVERNMENT_LEVEL: F("lead_government__government_level"),
        CohortDimension.POPULATION_BAND: population_band_expression(),
        CohortDimension.COUNTRY: F("lead_government__country"),
    }


def listed_values(dimension):
    """The values every cohort table lists, even at zero."""
    if dimension == CohortDimension.REGION:
        return list(Region.values)
    if dimension == CohortDimension.GOVERNMENT_LEVEL:
        return list(GovernmentLevel.values)
    if dimension == CohortDimension.POPULATION_BAND:
        return list(PopulationBand.values)
    return []


@dataclass
class CohortLine:
    value: str
    label: str
    candidates: int = 0
    shortlisted: int = 0
    target: int | None = None

    @property
    def below_target(self):
        return self.target is not None and self.shortlisted < self.target

    @property
    def above_target(self):
        return self.target is not None and self.shortlisted > self.target


@dataclass
class CohortTable:
    dimension: CohortDimension
    lines: list = field(default_factory=list)

    @property
    def label(self):
        return self.dimension.label


@dataclass
class Cohort:
    plan: CohortPlan
    shortlisted: int
    candidates: int
    tables: list
    warnings: list


def cohort_of(call) -> Cohort:
    """The call's cohort as it stands: one grouped query per dimension, plus the plan and the
    targets."""
    plan = CohortPlan.objects.filter(call=call).first() or CohortPlan(call=call)
    targets = {
        (target.dimension, target.value): target.target
        for target in CohortTarget.objects.filter(call=call)
    }
    tables = []
    totals = {"candidates": 0, "shortlisted": 0}
    for dimension, expression in dimension_expressions().items():
        rows = (
            candidates_of(call)
            .annotate(group=expression)
            .values("group")
            .annotate(
                candidates=Count("pk"),
                shortlisted=Count("pk", filter=Q(shortlist_mark__isnull=False)),
            )
        )
        lines = {
            value: CohortLine(value, value_label(dimension, value))
            for value in listed_values(dimension)
        }
        for row in rows:
            value = row["group"] or ""
            line = lines.setdefault(value, CohortLine(value, value_label(dimension, value)))
            line.candidates = row["candidates"]
            line.shortlisted = row["shortlisted"]
        for line in lines.values():
            line.target = targets.get((dimension.value, line.value))
        ordered = list(lines.values())
        if dimension == CohortDimension.COUNTRY:
            ordered.sort(key=lambda line: (-line.shortlisted, -line.candidates, line.label))
        tables.append(CohortTable(dimension, ordered))
        if dimension == CohortDimension.REGION:
            totals["candidates"] = sum(line.candidates for line in ordered)
            totals["shortlisted"] = sum(line.shortlisted for line in ordered)
    cohort = Cohort(
        plan=plan,
        shortlisted=totals["shortlisted"],
        candidates=totals["candidates"],
        tables=tables,
        warnings=[],
    )
    cohort.warnings = cohort_warnings(cohort)
    return cohort


def candidates_of(call):
    """The call's candidates: the ranking's applications (in review, not withdrawn), without
    its annotations, to group."""
    return Application.objects.filter(pk__in=ranking(call).order_by().values("pk")).order_by()


def cohort_warnings(cohort) -> list[str]:
    """What the committee should weigh before it decides: a region with candidates and none
    shortlisted, one country above its share, a target missed or passed."""
    if not cohort.shortlisted:
        return []
    warnings = []
    tables = {table.dimension: table for table in cohort.tables}
    for line in tables[CohortDimension.REGION].lines:
        if line.value and line.candidates and not line.shortlisted:
            warnings.append(
                _("No candidate from %(region)s is shortlisted, though %(count)s applied.")
                % {"region": line.label, "count": line.candidates}
            )
    share = cohort.plan.max_country_share
    for line in tables[CohortDimension.COUNTRY].lines:
        if line.shortlisted * 100 > share * cohort.shortlisted:
            warnings.append(
                _(
                    "%(country)s has %(count)s of the %(total)s shortlisted applications, more "
                    "than %(share)s%%."
                )
                % {
                    "country": line.label,
                    "count": line.shortlisted,
                    "total": cohort.shortlisted,
                    "share": share,
                }
            )
    if cohort.plan.size and cohort.shortlisted > cohort.plan.size:
        warnings.append(
            _("%(count)s applications are shortlisted for a cohort of %(size)s.")
            % {"count": cohort.shortlisted, "size": cohort.plan.size}
        )
    return warnings
