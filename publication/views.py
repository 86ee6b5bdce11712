"""Public pages: the programme's front door, each call's page, and the public record of a
call as a page and as open data. No login."""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from applications.queries import form_sections
from calls.models import Call
from letters.files import letter_file_response

from . import queries, records
from .forms import RecordFilterForm
from .record_rows import record_rows
from .spreadsheets import streaming_csv_response
from .statistics import published_charts

RECORD_PAGE_SIZE = 50


def front_door(request):
    """What OGP Local is, the open calls and what applying takes, past cohorts."""
    return render(
        request,
        "publication/front_door.html",
        {
            "open_calls": queries.calls_with_needs(Call.objects.open().order_by("closes_at")),
            "past_calls": Call.objects.published().order_by("-closes_at"),
            "letter_max_bytes": settings.LETTER_MAX_BYTES,
        },
    )


def call_page(request, slug):
    """One call in detail: its window, who may apply, the documents, the criteria, the form."""
    call = get_object_or_404(Call, slug=slug)
    (call,) = queries.calls_with_needs([call])
    return render(
        request,
        "publication/call_page.html",
        {
            "call": call,
            "sections": form_sections(call),
            "letter_max_bytes": settings.LETTER_MAX_BYTES,
            "charts": published_charts(call),
        },
    )


def call_record(request, slug):
    call = queries.published_call(slug)
    form = RecordFilterForm(request.GET or None, country_codes=queries.public_countries(call))
    filters = form.filters() if form.is_bound else {}
    # The page is chosen on the rows' ids (a narrow sort), then only its rows are read.
    if any(filters.values()):
        ids = queries.filtered_public_applications(call, **filters).values_list("pk", flat=True)
    else:
        ids = queries.record_order(call)
    page = Paginator(ids, RECORD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = record_rows(call, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publication/call_record.html",
        {
            "call": call,
            "rows": rows,
            "page": page,
            "form": form,
            "filtered": any(filters.values()),
            "query": query.urlencode(),
        },
    )


def _json_lines(call, records_iterable):
    """The JSON document in pieces: the call, then one application at a time."""
    head = {"schema_version": records.SCHEMA_VERSION, "call": records.call_record(call)}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "applications": ['
    separator = ""
    for record in records_iterable:
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ","
    yield "]}"


def applications_json(request, slug):
    call = queries.published_call(slug)
    return StreamingHttpResponse(
        _json_lines(call, records.application_records(call, request.build_absolute_uri)),
        content_type="application/json",
    )


def applications_csv(request, slug):
    call = queries.published_call(slug)
    return streaming_csv_response(
        f"{call.slug}-applications.csv",
        records.CSV_COLUMNS,
        (
            records.csv_row(record)
            for record in records.application_records(call, request.build_absolute_uri)
        ),
    )


def public_letter(request, slug, letter_id):
    call = queries.published_call(slug)
    return letter_file_response(queries.public_letter(call, letter_id))
