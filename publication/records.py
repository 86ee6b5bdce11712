"""The open-data record of a call: one plain dict per application (docs/open-data.md).

Field names are stable; add fields, never rename them. Nothing personal goes in here.
"""

from django.urls import reverse

from .queries import public_letters, released_decision

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
]


def call_record(call):
    return {
        "slug": call.slug,
        "title": call.title,
        "opens_at": call.opens_at.isoformat(),
        "closes_at": call.closes_at.isoformat(),
        "results_published_at": call.results_published_at.isoformat(),
    }


def application_record(application, absolute_url):
    government = application.lead_government
    decision = released_decision(application)
    return {
        "reference": application.reference,
        "lead_government": government.name,
        "country": government.country.code,
        "government_level": government.government_level,
        "population": government.population,
        "consortium_partners": [
            {
                "name": partner.organisation.name,
                "type": partner.organisation.kind,
                "country": partner.organisation.country.code,
                "role": partner.role,
            }
            for partner in application.partners.all()
        ],
        "status": application.status,
        "decision": decision.outcome if decision else None,
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        "letters": [
            {
                "kind": letter.kind,
                "author_organisation": letter.author_organisation,
                "signed_on": letter.signed_on.isoformat(),
                "pages": letter.page_count,
                "sha256": letter.sha256,
                "url": absolute_url(
                    reverse(
                        "public_letter",
                        kwargs={"slug": application.call.slug, "letter_id": letter.pk},
                    )
                ),
            }
            for letter in public_letters(application)
        ],
    }


def csv_row(record):
    return [
        record["reference"],
        record["lead_government"],
        record["country"],
        record["government_level"],
        record["population"] if record["population"] is not None else "",
        "; ".join(partner["name"] for partner in record["consortium_partners"]),
        record["status"],
        record["decision"] or "",
        record["submitted_at"] or "",
        " ".join(letter["url"] for letter in record["letters"]),
    ]
