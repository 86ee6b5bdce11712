"""The ranking in the admin: filters, the page and its CSV export."""

import functools

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.enums import ApplicationStatus
from applications.models import Organisation
from calls.models import Call
from committee import figures
from publication.spreadsheets import streaming_csv_response
from reviews import queries
from reviews.enums import Region
from reviews.models import Candidacy, Decision, RankedApplication
from reviews.regions import region_of

from ..actions import assign_reviewers_evenly, move_to_committee_review, release_selected_decisions
from ..base import CoordinatorActionsMixin, PlainActionCheckbox
from ..filters import PresentCountryListFilter

# The ranking ------------------------------------------------------------------------------


def _format_mean(value):
    return "–" if value is None else number_format(value, 2)


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
    an application changes (committee.figures)."""

    def lookups(self, request, model_admin):
        return figures.kept(
            "ranking_countries",
            None,
            lambda: super(RankingCountryListFilter, self).lookups(request, model_admin),
            sources=figures.CANDIDATES,
            per_language=True,
        )


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


def _released(row, labels):
    released_at = row["decision__released_at"]
    if released_at is None:
        return ""
    return timezone.localtime(released_at).strftime("%Y-%m-%d %H:%M")


# (column title, the value of a row of RANKING_EXPORT_FIELDS given the _ExportLabels)
RANKING_CSV_COLUMNS = [
    (_("Rank"), lambda r, labels: r["rank"] if r["weighted_mean"] is not None else ""),
    (_("Reference"), lambda r, labels: r["reference"]),
    (_("Lead government"), lambda r, labels: r["lead_government__name"]),
    (_("Country"), lambda r, labels: labels.countries.get(r["lead_government__country"], "")),
    (_("Region"), lambda r, labels: labels.regions.get(r["region"], "")),
    (
        _("Level of government"),
        lambda r, labels: labels.levels.get(r["lead_government__government_level"], ""),
    ),
    (_("Population"), lambda r, labels: r["lead_government__population"]),
    (_("Stage"), lambda r, labels: labels.stages.get(r["candidacy__stage"], "")),
    (_("Weighted mean"), lambda r, labels: _rounded(r["weighted_mean"])),
    (_("Reviews submitted"), lambda r, labels: r["reviews_submitted"]),
    (_("Reviewers assigned"), lambda r, labels: r["reviews_assigned"]),
    (_("Spread"), lambda r, labels: _rounded(r["spread"])),
    (_("Large spread"), lambda r, labels: labels.yes if r["large_spread"] else ""),
    (_("Admit"), lambda r, labels: r["admit_count"]),
    (_("Admit with conditions"), lambda r, labels: r["conditions_count"]),
    (_("Do not admit"), lambda r, labels: r["reject_count"]),
    (_("Decision"), lambda r, labels: labels.outcomes.get(r["decision__outcome"], "")),
    (_("Released"), _released),
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


# A stand-in for the row's id in a reversed URL (admin URLs take any text as the id).
_ROW_ID = "__row_id__"


@functools.lru_cache(maxsize=64)
def _row_url_pattern(viewname, script_prefix, urlconf, language):
    # The prefix, URLconf and language are in the key: all three can change what reverse() says.
    return reverse(viewname, args=[_ROW_ID], urlconf=urlconf)


def _row_url(viewname, pk):
    """reverse(viewname, args=[pk]), but reversed once rather than once per row: on a 100-row
    ranking page, reverse() cost as much as the rest of a row."""
    pattern = _row_url_pattern(viewname, get_script_prefix(), get_urlconf(), get_language())
    return pattern.replace(_ROW_ID, str(pk))


@functools.lru_cache(maxsize=64)
def _add_decision_url(script_prefix, urlconf, language):
    return reverse("admin:reviews_decision_add", urlconf=urlconf)


@functools.lru_cache(maxsize=16)
def country_names(language):
    """{code: name} in ``language`` (the active one, given to key the cache)."""
    return {code: str(name) for code, name in countries}


def _decision_of(application):
    return getattr(application, "decision", None)


# Rows per page, chosen on the page (``?n=``); ``list_per_page`` unless chosen.
RANKING_PAGE_SIZES = (25, 50, 100)
PAGE_SIZE_VAR = "n"


class RankingChangeList(ChangeList):
    """The ranking's page of rows prefetches what they show (reviews.queries.ranking_page):
    only the counting and ranking query covers the whole call. The number of rows per page is
    the visitor's choice among ``RANKING_PAGE_SIZES``."""

    def get_filters_params(self, params=None):
        params = super().get_filters_params(params)
        params.pop(PAGE_SIZE_VAR, None)  # not a filter
        return params

    def get_results(self, request):
        chosen = request.GET.get(PAGE_SIZE_VAR, "")
        if chosen in {str(size) for size in RANKING_PAGE_SIZES}:
            self.list_per_page = int(chosen)
        self.page_sizes = [
            (size, self.get_query_string({PAGE_SIZE_VAR: size}, [PAGE_VAR]))
            for size in RANKING_PAGE_SIZES
        ]
        self.queryset = queries.ranking_page(self.queryset)
        super().get_results(request)


@admin.register(RankedApplication)
class RankingAdmin(PlainActionCheckbox, CoordinatorActionsMixin, admin.ModelAdmin):
    """The ranking of a call's applications by weighted mean score, for coordinators.

    One SQL query ranks the call's rows whatever their number (reviews.queries.ranking, over
    the stored figures) and three more fetch what the page's rows show; sorting and filters
    are the admin's own, and the CSV export takes the same filters and order.
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
            changelist.get_queryset(request)
            .annotate(region=queries.lead_region())
            .values(*RANKING_EXPORT_FIELDS)
        )
        labels = _ExportLabels()
        return streaming_csv_response(
            f"ranking-{timezone.localdate():%Y-%m-%d}.csv",
            [str(label) for label, _value in RANKING_CSV_COLUMNS],
            ([value(row, labels) for _label, value in RANKING_CSV_COLUMNS] for row in rows),
        )

    @admin.display(description="#", ordering="rank")
    def position(self, application):
        return application.rank if application.weighted_mean is not None else "–"

    @admin.display(description=_("reference"), ordering="reference")
    def reference_link(self, application):
        return format_html(
            '<a href="{}">{}</a>',
            _row_url("admin:applications_application_change", application.pk),
            application.reference,
        )

    @admin.display(description=_("lead government"), ordering="lead_government__name")
    def government(self, application):
        return application.lead_government.name

    @admin.display(description=_("country"), ordering="lead_government__country")
    def country_and_region(self, application):
        code = application.lead_government.country.code
        region = region_of(code)
        return format_html(
            '{}<div class="region">{}</div>',
            country_names(get_language()).get(code, code),
            region.label if region else "",
        )

    @admin.display(
        description=_("weighted mean"),
        ordering=F("weighted_mean").asc(nulls_first=True),
    )
    def mean(self, application):
        return format_html(
            '<span class="ranking-mean">{}</span>', _format_mean(application.weighted_mean)
        )

    @admin.display(description=_("reviews"), ordering="reviews_submitted")
    def review_progress(self, application):
        complete = (
            application.reviews_assigned > 0
            and application.reviews_submitted >= application.reviews_assigned
        )
        return format_html(
            '<span class="{}">{}</span>',
            "review-progress complete" if complete else "review-progress",
            gettext("%(submitted)d of %(assigned)d")
            % {
                "submitted": application.reviews_submitted,
                "assigned": application.reviews_assigned,
            },
        )

    @admin.display(
        description=_("spread"),
        ordering=F("spread").asc(nulls_first=True),
    )
    def spread_display(self, application):
        if application.spread is None:
            return "–"
        if application.large_spread:
            return format_html(
                '<span class="large-spread" title="{}">⚠ {}</span>',
                gettext("Reviewers disagree: look at their reviews before deciding."),
                _format_mean(application.spread),
            )
        return _format_mean(application.spread)

    @admin.display(description=_("recommended"))
    def recommendations(self, application):
        return format_html(
            '<span title="{}">{} / {} / {}</span>',
            gettext("admit / admit with conditions / do not admit"),
            application.admit_count,
            application.conditions_count,
            application.reject_count,
        )

    @admin.display(description=_("stage or decision"), ordering="candidacy__stage")
    def decision_link(self, application):
        """The decision once recorded; before that the stage, and a link to decide."""
        decision = _decision_of(application)
        if decision is not None:
            label = decision.get_outcome_display()
            if decision.is_released:
                label = gettext("%(outcome)s (released)") % {"outcome": label}
            return format_html(
                '<a class="decision-outcome" href="{}">{}</a>',
                _row_url("admin:reviews_decision_change", decision.pk),
                label,
            )
        stage = application.candidacy.get_stage_display()
        if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
            return stage
        return format_html(
            '{}<br><a href="{}?application={}">{}</a>',
            stage,
            _add_decision_url(get_script_prefix(), get_urlconf(), get_language()),
            application.pk,
            gettext("Record a decision"),
        )
