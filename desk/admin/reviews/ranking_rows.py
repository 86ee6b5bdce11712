"""The ranking's page of rows: which rows (the order kept), and what each cell shows.

**Which rows.** The rank is a window over every row of the call (within the filters): for a
page of 25, PostgreSQL reads and sorts every row of the call, and a COUNT reads them once more
(about 20 ms at 10,000 applications, on every page, for figures that change only when someone
scores, assigns, shortlists or decides). So the filtered call's order, ``[(id, rank), …]``, is
kept in ``committee.figures`` until one of its sources changes, as the meeting's order is; the
count is its length, and a page reads only its own rows, in one query by id.

**What each cell shows.** Written once here, as escaped HTML, for the admin's columns (the
methods of ``RankingAdmin``) and for the page's rows, which are drawn from these strings
directly: through the admin's ``items_for_result`` each of 250 cells looked up its column,
formatted its value and escaped it again, more than the rest of the page. The HTML is the
admin's, byte for byte (tests/desk/test_ranking_rows.py compares them).
"""

import functools
import hashlib
import html
from array import array
from urllib.parse import urlencode

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.views.main import ALL_VAR
from django.core.paginator import InvalidPage
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django_countries import countries

from applications.enums import ApplicationStatus
from committee import figures
from reviews import queries
from reviews.enums import Region
from reviews.models import Candidacy, Decision
from reviews.regions import region_of

# What the order of the filtered ranking is made of: the figures (committee.figures.RANKING),
# what the filters and the search read (stage, government, country, level, decision).
ORDER_SOURCES = tuple(dict.fromkeys((*figures.RANKING, *figures.CANDIDATES, *figures.DECISIONS)))

# Query parameters that choose how much of the order a page shows, not the order.
_NOT_ORDER = {"n", ALL_VAR}


# Which rows ---------------------------------------------------------------------------------


class KeptOrder:
    """``[(id, rank), …]`` of a whole filtered ranking, held as two arrays of numbers: read back
    from the cache in microseconds, where 10,000 pairs took a millisecond to unpickle."""

    def __init__(self, pairs):
        pairs = list(pairs)
        self.ids = array("q", (pk for pk, _rank in pairs))
        self.ranks = array("q", (rank for _pk, rank in pairs))

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        return zip(self.ids, self.ranks, strict=True)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(zip(self.ids[index], self.ranks[index], strict=True))
        return (self.ids[index], self.ranks[index])


def kept_order(changelist):
    """The ``KeptOrder`` of the changelist's filtered, sorted ranking, kept until one of
    ``ORDER_SOURCES`` changes. Its query parameters (filters, search, sort) name it."""
    params = sorted(
        (name, value)
        for name, values in changelist.filter_params.items()
        if name not in _NOT_ORDER
        for value in values
    )
    digest = hashlib.sha256(urlencode(params).encode()).hexdigest()[:32]  # any length of query
    queryset = changelist.queryset
    return figures.kept(
        f"ranking_order:{digest}",
        None,
        lambda: KeptOrder(queryset.values_list("pk", "rank")),
        sources=ORDER_SOURCES,
    )


def fill_page(changelist, request):
    """What Django's ``ChangeList.get_results`` sets, from the kept order: the count is its
    length and the page's rows are read by id (``reviews.queries.ranking_rows``)."""
    order = kept_order(changelist)
    paginator = changelist.model_admin.get_paginator(request, order, changelist.list_per_page)
    result_count = paginator.count
    can_show_all = result_count <= changelist.list_max_show_all
    multi_page = result_count > changelist.list_per_page
    if (changelist.show_all and can_show_all) or not multi_page:
        shown = order
    else:
        try:
            shown = paginator.page(changelist.page_num).object_list
        except InvalidPage as error:
            raise IncorrectLookupParameters from error
    changelist.result_count = result_count
    changelist.show_full_result_count = False
    changelist.show_admin_actions = True
    changelist.full_result_count = None
    changelist.result_list = queries.ranking_rows(shown)
    changelist.can_show_all = can_show_all
    changelist.multi_page = multi_page
    changelist.paginator = paginator


# What each cell shows -----------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def country_names(language):
    """{code: name} in ``language`` (the active one, given to key the cache)."""
    return {code: str(name) for code, name in countries}


# A stand-in for the row's id in a URL reversed once (admin URLs take any text as the id).
_ROW_ID = "__row_id__"


class RowTexts:
    """The words and links of the ranking's cells, translated and reversed once per language
    (and URL prefix), not once per cell."""

    def __init__(self, language):
        self.countries = country_names(language)
        self.regions = {value: str(label) for value, label in Region.choices}
        self.stages = _labels(Candidacy, "stage")
        self.outcomes = _labels(Decision, "outcome")
        self.released = gettext("%(outcome)s (released)")
        self.progress = gettext("%(submitted)d of %(assigned)d")
        self.disagree = _escape(
            gettext("Reviewers disagree: look at their reviews before deciding.")
        )
        self.recommended = _escape(gettext("admit / admit with conditions / do not admit"))
        self.record = _escape(gettext("Record a decision"))
        self.select = gettext("Select this object for an action - {}")
        self.change_url = reverse("admin:applications_application_change", args=[_ROW_ID])
        self.decision_url = reverse("admin:reviews_decision_change", args=[_ROW_ID])
        self.add_decision_url = _escape(reverse("admin:reviews_decision_add"))


def _labels(model, field_name):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


@functools.lru_cache(maxsize=64)
def _texts(language, script_prefix, urlconf):
    return RowTexts(language)


def row_texts():
    """The current language's ``RowTexts``."""
    return _texts(get_language(), get_script_prefix(), get_urlconf())


def _escape(value):
    return html.escape(str(value))  # what django.utils.html.escape writes


def _url(pattern, pk):
    return _escape(pattern.replace(_ROW_ID, str(pk)))


def format_mean(value):
    return "–" if value is None else number_format(value, 2)


def action_checkbox(row, texts):
    # As PlainActionCheckbox writes it: the translated sentence, with the row's name escaped.
    label = texts.select.format(_escape(f"{row.reference} {row.lead_government.name}"))
    return (
        f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{row.pk}"'
        f' class="action-select" aria-label="{label}">'
    )


def position(row, texts):
    return _escape(number_format(row.rank)) if row.weighted_mean is not None else "–"


def reference_link(row, texts):
    return f'<a href="{_url(texts.change_url, row.pk)}">{_escape(row.reference)}</a>'


def government(row, texts):
    return _escape(row.lead_government.name)


def country_and_region(row, texts):
    code = row.lead_government.country.code
    region = region_of(code)
    return '{}<div class="region">{}</div>'.format(
        _escape(texts.countries.get(code, code)),
        _escape(texts.regions[region.value]) if region else "",
    )


def mean(row, texts):
    return f'<span class="ranking-mean">{_escape(format_mean(row.weighted_mean))}</span>'


def review_progress(row, texts):
    complete = row.reviews_assigned > 0 and row.reviews_submitted >= row.reviews_assigned
    words = texts.progress % {
        "submitted": row.reviews_submitted,
        "assigned": row.reviews_assigned,
    }
    css = "review-progress complete" if complete else "review-progress"
    return f'<span class="{css}">{_escape(words)}</span>'


def spread_display(row, texts):
    if row.spread is None:
        return "–"
    spread = _escape(format_mean(row.spread))
    if row.large_spread:
        return f'<span class="large-spread" title="{texts.disagree}">⚠ {spread}</span>'
    return spread


def recommendations(row, texts):
    counts = f"{row.admit_count} / {row.conditions_count} / {row.reject_count}"
    return f'<span title="{texts.recommended}">{_escape(counts)}</span>'


def decision_link(row, texts):
    """The decision once recorded; before that the stage, and a link to decide."""
    decision = getattr(row, "decision", None)
    if decision is not None:
        label = texts.outcomes.get(decision.outcome, decision.outcome)
        if decision.is_released:
            label = texts.released % {"outcome": label}
        url = _url(texts.decision_url, decision.pk)
        return f'<a class="decision-outcome" href="{url}">{_escape(label)}</a>'
    stage = _escape(texts.stages.get(row.candidacy.stage, row.candidacy.stage))
    if row.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
        return stage
    return f'{stage}<br><a href="{texts.add_decision_url}?application={row.pk}">{texts.record}</a>'


# The ranking's columns (``RankingAdmin.list_display`` and its action checkbox) and their cells.
CELLS = {
    "action_checkbox": action_checkbox,
    "position": position,
    "reference_link": reference_link,
    "government": government,
    "country_and_region": country_and_region,
    "mean": mean,
    "review_progress": review_progress,
    "spread_display": spread_display,
    "recommendations": recommendations,
    "decision_link": decision_link,
}


def cell(name, row):
    """The HTML of column ``name`` for ``row`` (what the admin's column method returns)."""
    return mark_safe(CELLS[name](row, row_texts()))  # noqa: S308 (escaped above)


def drawn_rows(changelist):
    """The page's rows as the admin's result list draws them (``<td class="field-…">`` cells),
    from the strings above; None if a column has no cell here (the admin then draws it)."""
    if changelist.formset is not None or any(name not in CELLS for name in changelist.list_display):
        return None
    texts = row_texts()
    empty = str(changelist.model_admin.get_empty_value_display())
    columns = [
        ("action-checkbox" if name == "action_checkbox" else f"field-{name}", CELLS[name])
        for name in changelist.list_display
    ]
    rows = []
    for row in changelist.result_list:
        cells = []
        for css, draw in columns:
            content = draw(row, texts)
            content = content if content.strip() else empty
            cells.append(mark_safe(f'<td class="{css}">{content}</td>'))  # noqa: S308
        rows.append(ResultList(None, cells))
    return rows
