"""The ranking in the admin: filters, the page and its CSV export."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.models import Organisation
from calls.models import Call
from committee import figures
from publication.spreadsheets import csv_lines, streaming_csv_response
from reviews import queries
from reviews.enums import Region
from reviews.models import Candidacy, Decision, RankedApplication

from ..actions import assign_reviewers_evenly, move_to_committee_review, release_selected_decisions
from ..base import CoordinatorActionsMixin, PlainActionCheckbox
from ..changelists import ChosenPageSize
from ..filters import PresentCountryListFilter
from .ranking_rows import cell, drawn_rows, fill_page, format_mean

# The ranking ------------------------------------------------------------------------------


_format_mean = format_mean  # the reviews' list writes means alike (scores.py)


class RegionListFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.alias(region=queries.lead_region()).filter(region=self.value())
        return queryset


class RankingCountryListFilter(PresentCountryListFilter):
    """The countries present in the ranking: a scan of every ranked application, kept until
    a candidate changes (the filter's own keeping, with the committee's sources)."""

    kept_sources = figures.CANDIDATES


class SpreadListFilter(admin.SimpleListFilter):
    title = _("reviewers disagree")
    parameter_name = "spread"

    def lookups(self, request, model_admin):
        return [("large", _("Large spread only"))]

    def queryset(self, request, queryset):
        if self.value() == "large":
            return queryset.filter(large_spread=True)
        return queryset


class ProgressListFilter(admin.SimpleListFilter):
    title = _("reviews")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [
            ("complete", _("All reviews in")),
            ("waiting", _("Waiting for reviews")),
            ("unassigned", _("No reviewers yet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "complete":
            return queryset.filter(
                reviews_assigned__gt=0, reviews_submitted__gte=F("reviews_assigned")
            )
        if self.value() == "waiting":
            return queryset.filter(
                reviews_assigned__gt=0, reviews_submitted__lt=F("reviews_assigned")
            )
        if self.value() == "unassigned":
            return queryset.filter(reviews_assigned=0)
        return queryset


class _ExportLabels:
    """The labels the ranking export writes, translated once per export (not once per row):
    the export reads plain values, not model instances, so that 10,000 rows stream in well
    under a second."""

    def __init__(self):
        self.countries = {code: str(name) for code, name in countries}
        self.regions = {value: str(label) for value, label in Region.choices}
        self.levels = _choice_labels(Organisation, "government_level")
        self.stages = _choice_labels(Candidacy, "stage")
        self.outcomes = _choice_labels(Decision, "outcome")
        self.yes = gettext("yes")


def _choice_labels(model, field_name):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def _rounded(value):
    return round(value, 2) if value is not None else ""


def _released(released_at):
    if released_at is None:
        return ""
    return timezone.localtime(released_at).strftime("%Y-%m-%d %H:%M")


# The export's columns, and the fields each row is read with (in this order).
RANKING_CSV_COLUMNS = [
    _("Rank"),
    _("Reference"),
    _("Lead government"),
    _("Country"),
    _("Region"),
    _("Level of government"),
    _("Population"),
    _("Stage"),
    _("Weighted mean"),
    _("Reviews submitted"),
    _("Reviewers assigned"),
    _("Spread"),
    _("Large spread"),
    _("Admit"),
    _("Admit with conditions"),
    _("Do not admit"),
    _("Decision"),
    _("Released"),
]
RANKING_EXPORT_FIELDS = [
    "rank",
    "reference",
    "lead_government__name",
    "lead_government__country",
    "region",
    "lead_government__government_level",
    "lead_government__population",
    "candidacy__stage",
    "weighted_mean",
    "reviews_submitted",
    "reviews_assigned",
    "spread",
    "large_spread",
    "admit_count",
    "conditions_count",
    "reject_count",
    "decision__outcome",
    "decision__released_at",
]


def _export_row(row, labels):
    """One line of the export from a tuple of RANKING_EXPORT_FIELDS: one call a row, not one
    per cell (10,000 rows, 18 columns)."""
    rank, reference, government, country, region, level, population, stage, mean = row[:9]
    submitted, assigned, spread, large_spread, admit, conditions, reject = row[9:16]
    outcome, released_at = row[16:]
    return [
        rank if mean is not None else "",
        reference,
        government,
        labels.countries.get(country, ""),
        labels.regions.get(region, ""),
        labels.levels.get(level, ""),
        population,
        labels.stages.get(stage, ""),
        _rounded(mean),
        submitted,
        assigned,
        _rounded(spread),
        labels.yes if large_spread else "",
        admit,
        conditions,
        reject,
        labels.outcomes.get(outcome, ""),
        _released(released_at),
    ]


def _in_chunks(lines, size=500):
    """The CSV's lines sent ``size`` at a time: one write (and one HTTP chunk) per line of a
    10,000-row export cost more than writing the lines."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


class RankingChangeList(ChosenPageSize, ChangeList):
    """The ranking's page of rows from the kept order of the filtered call (``ranking_rows``):
    only that order covers the whole call, and it is read again only once its sources change.
    The number of rows per page is the visitor's choice (changelists.ChosenPageSize)."""

    def drawn_rows(self):
        """The page's rows from prepared cells (ranking_rows), for desk.admin.rows."""
        return drawn_rows(self)

    def get_results(self, request):
        self.choose_page_size(request)
        fill_page(self, request)


@admin.register(RankedApplication)
class RankingAdmin(PlainActionCheckbox, CoordinatorActionsMixin, admin.ModelAdmin):
    """The ranking of a call's applications by weighted mean score, for coordinators.

    One SQL query ranks the call's rows whatever their number (reviews.queries.ranking, over
    the stored figures); its order is kept until what it is made of changes, and a page reads
    only its own rows (ranking_rows). Sorting and filters are the admin's own, and the CSV
    export takes the same filters and order.
    """

    change_list_template = "desk/ranking.html"
    list_display = [
        "position",
        "reference_link",
        "government",
        "country_and_region",
        "mean",
        "review_progress",
        "spread_display",
        "recommendations",
        "decision_link",
    ]
    list_display_links = None
    list_filter = [
        "call",
        "candidacy__stage",
        ProgressListFilter,
        SpreadListFilter,
        RegionListFilter,
        RankingCountryListFilter,
        "lead_government__government_level",
        "decision__outcome",
    ]
    search_fields = ["reference", "lead_government__name"]
    # A page of 25 (or as chosen): the rank is a window over the whole filtered call, so it
    # stays right from page to page; the export has every row.
    list_per_page = 25
    show_full_result_count = False
    actions = [
        move_to_committee_review,
        assign_reviewers_evenly,
        release_selected_decisions,
    ]

    def get_queryset(self, request):
        return queries.ranking()

    def get_changelist(self, request, **kwargs):
        return RankingChangeList

    def get_ordering(self, request):
        return ["rank", "reference"]  # annotations, which the ``ordering`` attribute refuses

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv),
                name="reviews_rankedapplication_export",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _bad_call_filter(request) -> bool:
        """A call filter that names no call ("abc", "-1", a number too large): refused in words
        rather than left to the database."""
        value = request.GET.get("call__id__exact")
        return value is not None and not (
            value.isascii() and value.isdigit() and Call.objects.filter(pk=int(value)).exists()
        )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if self._bad_call_filter(request):
            self.message_user(
                request,
                gettext("That call does not exist: showing the latest call."),
                messages.WARNING,
            )
            query = request.GET.copy()
            del query["call__id__exact"]
            return redirect(f"{request.path}?{query.urlencode()}")
        # A ranking compares applications of one call: open the latest call unless one is chosen.
        if "call__id__exact" not in request.GET and request.method == "GET":
            latest = Call.objects.filter(applications__candidacy__isnull=False).order_by(
                "-closes_at"
            )
            call_id = latest.values_list("pk", flat=True).first()
            if call_id is not None:
                query = request.GET.copy()
                query["call__id__exact"] = call_id
                return redirect(f"{request.path}?{query.urlencode()}")
        call_id = request.GET.get("call__id__exact", "")
        call = Call.objects.filter(pk=call_id).first() if call_id.isdigit() else None
        extra_context = (extra_context or {}) | {
            "title": gettext("Ranking: %(call)s") % {"call": call} if call else gettext("Ranking"),
            "export_url": reverse("admin:reviews_rankedapplication_export")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "large_spread_share": int(queries.LARGE_SPREAD_SHARE * 100),
            "call": call,
        }
        return super().changelist_view(request, extra_context)

    def export_csv(self, request):
        """The ranking as on screen (same filters, same order), every page, as CSV: one query
        read through a server-side cursor while the response streams."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if self._bad_call_filter(request):
            return HttpResponseBadRequest(
                gettext("The call filter names no call: choose a call on the ranking page."),
                content_type="text/plain; charset=utf-8",
            )
        changelist = self.get_changelist_instance(request)
        rows = queries.iterate_ranking(
            changelist.queryset.annotate(region=queries.lead_region()).values_list(
                *RANKING_EXPORT_FIELDS
            )
        )
        labels = _ExportLabels()
        header = [str(label) for label in RANKING_CSV_COLUMNS]
        response = streaming_csv_response(
            f"ranking-{timezone.localdate():%Y-%m-%d}.csv", header, ()
        )
        response.streaming_content = _in_chunks(
            csv_lines(header, (_export_row(row, labels) for row in rows))
        )
        return response

    # Each column's HTML is written in ranking_rows (the page draws its rows from it directly).
    @admin.display(description="#", ordering="rank")
    def position(self, application):
        return cell("position", application)

    @admin.display(description=_("reference"), ordering="reference")
    def reference_link(self, application):
        return cell("reference_link", application)

    @admin.display(description=_("lead government"), ordering="lead_government__name")
    def government(self, application):
        return cell("government", application)

    @admin.display(description=_("country"), ordering="lead_government__country")
    def country_and_region(self, application):
        return cell("country_and_region", application)

    @admin.display(
        description=_("weighted mean"),
        ordering=F("weighted_mean").asc(nulls_first=True),
    )
    def mean(self, application):
        return cell("mean", application)

    @admin.display(description=_("reviews"), ordering="reviews_submitted")
    def review_progress(self, application):
        return cell("review_progress", application)

    @admin.display(
        description=_("spread"),
        ordering=F("spread").asc(nulls_first=True),
    )
    def spread_display(self, application):
        return cell("spread_display", application)

    @admin.display(description=_("recommended"))
    def recommendations(self, application):
        return cell("recommendations", application)

    @admin.display(description=_("stage or decision"), ordering="candidacy__stage")
    def decision_link(self, application):
        """The decision once recorded; before that the stage, and a link to decide."""
        return cell("decision_link", application)
