"""The open-data record of a call: one plain dict per application (docs/open-data.md).

Field names are stable; add fields, never rename them. Nothing personal goes in here.

The records are built from plain rows (``queries.public_*_rows``) read side by side in
application order, so an export of 10,000 candidates costs three queries and holds one
chunk of rows at a time.
"""

from django.urls import reverse

from . import queries
from .spreadsheets import spreadsheet_safe

SCHEMA_VERSION = 1

CSV_COLUMNS = [
    "reference",
    "lead_government",
    "country",
    "government_level",
    "population",
    "consortium_partners",
    "status",
    "decision",
    "submitted_at",
    "letters",
    "expression_of_interest",
    "shortlisted",
]

# How consortium_partners and letters are joined in one CSV cell (docs/open-data.md).
PARTNER_SEPARATOR = "; "
LETTER_SEPARATOR = " "


def call_record(call):
    return {
        "slug": call.slug,
        "title": call.title,
        "opens_at": call.opens_at.isoformat(),
        "closes_at": call.closes_at.isoformat(),
        "results_published_at": call.results_published_at.isoformat(),
        # Two-stage calls (docs/two-stage-calls.md): "single", "expression_of_interest" or
        # "full_application", and the slug of the call of the other stage.
        "stage": str(call.stage),
        "expression_of_interest_call": (
            call.expression_of_interest.slug if call.expression_of_interest_id else None
        ),
        "full_application_call": (
            call.full_application_call.slug if hasattr(call, "full_application_call") else None
        ),
    }


def letter_url_builder(call, absolute_url):
    """A function from a letter's id to its absolute public URL, from one ``reverse()``."""
    placeholder = 0
    path = reverse("public_letter", kwargs={"slug": call.slug, "letter_id": placeholder})
    suffix = f"{placeholder}/"
    prefix = absolute_url(path)[: -len(suffix)]
    return lambda letter_id: f"{prefix}{letter_id}/"


def _grouped_by_application(rows):
    """Consume ``rows`` (ordered by application_id) one application at a time."""
    rows = iter(rows)
    pending = next(rows, None)

    def take(application_id):
        nonlocal pending
        group = []
        # Rows of applications the main list skipped cannot exist (same filters), but a
        # smaller id would otherwise stall the walk.
        while pending is not None and pending["application_id"] <= application_id:
            if pending["application_id"] == application_id:
                group.append(pending)
            pending = next(rows, None)
        return group

    return take


def application_records(call, absolute_url, *, rows=None):
    """Every public application of ``call`` as its open-data record, streamed; or, given
    ``rows`` (a page of ``queries.public_application_values`` by id), those applications'."""
    letter_url = letter_url_builder(call, absolute_url)
    ids = None
    if rows is None:
        rows = queries.public_application_rows(call)
    else:
        ids = [row["id"] for row in rows]
    partners_of = _grouped_by_application(queries.public_partner_rows(call, application_ids=ids))
    letters_of = _grouped_by_application(queries.public_letter_rows(call, application_ids=ids))
    for row in rows:
        submitted_at = row["submitted_at"]
        yield {
            "reference": row["reference"],
            "lead_government": row["lead_name"],
            "country": row["lead_country"],
            "government_level": row["lead_level"],
            "population": row["lead_population"],
            "consortium_partners": [
                {
                    "name": partner["name"],
                    "type": partner["kind"],
                    "country": partner["country"],
                    "role": partner["role"],
                }
                for partner in partners_of(row["id"])
            ],
            "status": row["status"],
            "decision": row["released_outcome"],
            "submitted_at": submitted_at.isoformat() if submitted_at else None,
            "letters": [
                {
                    "kind": letter["kind"],
                    "author_organisation": letter["author_organisation"],
                    "signed_on": letter["signed_on"].isoformat(),
                    "pages": letter["page_count"],
                    "sha256": letter["sha256"],
                    "url": letter_url(letter["id"]),
                }
                for letter in letters_of(row["id"])
            ],
            "expression_of_interest": row["first_stage_reference"],
            "shortlisted": row["shortlisted"],
        }


def csv_row(record):
    """The CSV cells of one record. Each partner's name is made formula-safe on its own, so
    a spreadsheet that splits the cell on "; " (Spanish locales do) gets no formula either."""
    return [
        record["reference"],
        record["lead_government"],
        record["country"],
        record["government_level"],
        record["population"] if record["population"] is not None else "",
        PARTNER_SEPARATOR.join(
            spreadsheet_safe(partner["name"]) for partner in record["consortium_partners"]
        ),
        record["status"],
        record["decision"] or "",
        record["submitted_at"] or "",
        LETTER_SEPARATOR.join(letter["url"] for letter in record["letters"]),
        record["expression_of_interest"] or "",
        "yes" if record["shortlisted"] else "no",
    ]
