"""Public pages: the programme's front door, each call's page, and the public record of a
call as a page and as open data. No login."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from applications.queries import form_sections
from calls.models import Call
from letters.views import letter_file_response

from . import queries, records
from .spreadsheets import csv_response


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
        },
    )


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
