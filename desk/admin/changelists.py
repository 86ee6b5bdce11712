"""The desk's change list: rows counted once, row links reversed once.

Django's change list counts the rows twice on every page: once as filtered, once "in total"
for the "5 results (40 total)" line. With no filter and no search the two are the same rows,
and on the desk's lists at 10,000 applications (with the reviewer's scope and the conflict rule
in the query) the second count is a sizeable part of the page. Each row's link is also
``reverse()``d once per row; here once per page. The rows themselves are drawn by
``desk.admin.rows`` (``templates/admin/change_list.html``).

A list whose one count is itself costly (a reviewer's applications: the conflict rule's
anti-joins over all their assignments) keeps it until a table it reads changes, when its admin
says which (``kept_count(request)``: the count's scope and its sources, for common.kept).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.paginator import InvalidPage

from common.kept import kept

from .rows import ROW_ID, row_url_pattern

# Rows per page on the desk's working lists, chosen on the page (``?n=``); the list's
# ``list_per_page`` unless chosen.
PAGE_SIZES = (25, 50, 100)
PAGE_SIZE_VAR = "n"


class ChosenPageSize:
    """A change list whose visitor chooses the number of rows a page among ``PAGE_SIZES``
    (``page_sizes``: each size with its link, for ``desk/_page_sizes.html``)."""

    def get_filters_params(self, params=None):
        params = super().get_filters_params(params)
        params.pop(PAGE_SIZE_VAR, None)  # not a filter
        return params

    def choose_page_size(self, request):
        chosen = request.GET.get(PAGE_SIZE_VAR, "")
        if chosen in {str(size) for size in PAGE_SIZES}:
            self.list_per_page = int(chosen)
        self.page_sizes = [
            (size, self.get_query_string({PAGE_SIZE_VAR: size}, [PAGE_VAR])) for size in PAGE_SIZES
        ]


# A list narrowed (by a filter or a search) to at most this many rows reads their ids once.
NARROWED_IDS_AT_MOST = 2000


class DeskChangeList(ChosenPageSize, ChangeList):
    """Counts the rows once when neither a filter nor a search narrows them (Django counts the
    same rows twice, as filtered and as the total), and reverses the rows' link once.

    A narrowed list (a search: trigram scans of names and partners) would run its narrowing
    twice, for the page and for its count: it reads the matching ids once instead, in the
    list's order; their number is the count, and the page reads its rows by id. A list
    narrowed to more than ``NARROWED_IDS_AT_MOST`` rows counts and pages as Django does. The
    total, in every case, is ``_total()``."""

    def get_results(self, request):
        self.choose_page_size(request)
        shows_total = self.model_admin.show_full_result_count
        # Narrowed by a search, a list filter or any other lookup in the query string (which
        # the admin applies too, without calling it a filter).
        narrowed = self.query or self.has_active_filters or self.get_filters_params()
        if not narrowed:
            # Not narrowed: the rows are the total's, counted once (kept, if the admin says).
            paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
            paginator.count = self._total(request)  # Paginator.count is a cached property
            self._page(paginator, full_result_count=paginator.count if shows_total else None)
            return
        ids = list(self.queryset.values_list("pk", flat=True)[: NARROWED_IDS_AT_MOST + 1])
        narrowed_to_ids = len(ids) <= NARROWED_IDS_AT_MOST
        paginator = self.model_admin.get_paginator(
            request, ids if narrowed_to_ids else self.queryset, self.list_per_page
        )
        self._page(
            paginator,
            full_result_count=self._total(request) if shows_total else None,
            ids=ids if narrowed_to_ids else None,
        )

    def _total(self, request) -> int:
        """The rows of the list before any filter or search: counted, or kept until a table it
        reads changes when the admin says which (``kept_count(request)``: the count's scope and
        its sources, for common.kept)."""
        said = getattr(self.model_admin, "kept_count", lambda request: None)(request)
        if said is None:
            return self.root_queryset.count()
        scope, sources = said
        label = self.model._meta.label
        return kept(("desk", "count", label, scope), self.root_queryset.count, sources=sources)

    def _page(self, paginator, *, full_result_count, ids=None):
        """Django's ChangeList.get_results (5.2) from ``paginator``'s count; with ``ids``
        (the narrowed rows in order), the page's rows are read by id."""
        result_count = paginator.count
        can_show_all = result_count <= self.list_max_show_all
        multi_page = result_count > self.list_per_page
        if (self.show_all and can_show_all) or not multi_page:
            result_list = self.queryset._clone()
        else:
            try:
                page = paginator.page(self.page_num)
            except InvalidPage as error:
                raise IncorrectLookupParameters from error
            if ids is None:
                result_list = page.object_list
            else:  # the page's ids, without the narrowing again, in the list's order
                result_list = self.root_queryset.filter(pk__in=list(page.object_list))
                result_list = result_list.order_by(*self.queryset.query.order_by)
        self.result_count = result_count
        self.show_full_result_count = full_result_count is not None
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator

    plain_row_links = True  # Django's links, reversed once (desk.admin.rows may draw them)

    def url_for_result(self, result):
        return row_url_pattern(self).replace(ROW_ID, str(quote(getattr(result, self.pk_attname))))
