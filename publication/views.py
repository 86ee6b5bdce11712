"""The public record of a call, as a page and as open data. No login; published calls only."""

import json

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render

from letters.views import letter_file_response

from . import queries, records
from .forms import RecordFilterForm
from .spreadsheets import streaming_csv_response

RECORD_PAGE_SIZE = 50


def call_record(request, slug):
    call = queries.published_call(slug)
    form = RecordFilterForm(request.GET or None, country_codes=queries.public_countries(call))
    filters = form.filters() if form.is_bound else {}
    applications = queries.filtered_public_applications(call, **filters)
    page = Paginator(applications, RECORD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "application": application,
            "decision": queries.released_decision(application),
            "letters": queries.public_letters(application),
        }
        for application in page.object_list
    ]
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
