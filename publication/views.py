"""The public record of a call, as a page and as open data. No login; published calls only."""

from django.http import JsonResponse
from django.shortcuts import render

from letters.views import letter_file_response

from . import queries, records
from .spreadsheets import csv_response


def call_record(request, slug):
    call = queries.published_call(slug)
    applications = list(queries.public_applications(call))
    rows = [
        {
            "application": application,
            "decision": queries.released_decision(application),
            "letters": queries.public_letters(application),
        }
        for application in applications
    ]
    return render(request, "publication/call_record.html", {"call": call, "rows": rows})


def _records(request, call):
    return [
        records.application_record(application, request.build_absolute_uri)
        for application in queries.public_applications(call)
    ]


def applications_json(request, slug):
    call = queries.published_call(slug)
    return JsonResponse(
        {
            "schema_version": records.SCHEMA_VERSION,
            "call": records.call_record(call),
            "applications": _records(request, call),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def applications_csv(request, slug):
    call = queries.published_call(slug)
    return csv_response(
        f"{call.slug}-applications.csv",
        records.CSV_COLUMNS,
        (records.csv_row(record) for record in _records(request, call)),
    )


def public_letter(request, slug, letter_id):
    call = queries.published_call(slug)
    return letter_file_response(queries.public_letter(call, letter_id))
