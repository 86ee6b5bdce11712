"""The rows of a page of a call's public record, as the plain values its table shows.

A page draws 50 candidates, each with its partners and letters. Read as model instances and
drawn through the template, every row paid for building its model objects (the application,
its government, decision and first stage, its partners and letters, and a copy of the call
whose list of eligible countries is parsed again for each row), translating its status,
decision, country and each letter's kind through the models' choices, and about thirty
template lookups. Here the page's
candidates, partners and letters are read as plain rows (the open-data exports' own queries),
each label is translated once a page, and the cells that repeat (partners, letters) are written
as escaped HTML once; the template draws each row from a handful of values.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import Application
from common.row_urls import row_url
from letters.models import Letter
from reviews.models import Decision

from . import queries

LINE_BREAK = mark_safe("<br>")
LETTER = '<a href="{}">{}</a><span class="text-body-secondary"> ({})</span>'


class _Labels:
    """The page's labels in the language of the request, each translated once."""

    def __init__(self):
        self.status = _choices(Application, "status")
        self.outcome = _choices(Decision, "outcome")
        self.kind = {value: label.lower() for value, label in _choices(Letter, "kind").items()}
        self.first_stage = _("expression of interest %(reference)s")
        self.population = _("population %(population)s")
        self._countries = {}

    def country(self, code):
        if code not in self._countries:
            self._countries[code] = countries.name(code) if code else ""
        return self._countries[code]


def _choices(model, field):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def record_rows(call, ids):
    """The public applications of ``call`` with these ids, in the order of ``ids``, each a dict
    of what its row shows (HTML where marked safe, plain text otherwise)."""
    labels = _Labels()
    partners, letters = {}, {}
    for partner in queries.public_partner_rows(call, application_ids=ids):
        partners.setdefault(partner["application_id"], []).append((partner["name"],))
    for letter in queries.public_letter_rows(call, application_ids=ids):
        url = row_url("public_letter", letter["id"], name="letter_id", slug=call.slug)
        letters.setdefault(letter["application_id"], []).append(
            (url, letter["author_organisation"], labels.kind.get(letter["kind"], letter["kind"]))
        )
    applications = queries.public_application_values(call).filter(pk__in=ids).order_by()
    found = {row["id"]: row for row in applications}
    return [
        _row(found[pk], partners.get(pk, ()), letters.get(pk, ()), labels)
        for pk in ids
        if pk in found
    ]


def _row(application, partners, letters, labels):
    details = [escape(application["reference"])]
    if application["first_stage_reference"]:
        details.append(
            labels.first_stage % {"reference": escape(application["first_stage_reference"])}
        )
    if application["lead_population"]:
        details.append(
            labels.population % {"population": escape(intcomma(application["lead_population"]))}
        )
    outcome = application["released_outcome"]
    return {
        "government": application["lead_name"],
        # The translated phrases are the portal's own; every value in them is escaped above.
        "details": mark_safe(" · ".join(details)),  # noqa: S308
        "country": labels.country(application["lead_country"]),
        "partners": format_html_join(LINE_BREAK, "{}", partners),
        "status": labels.status.get(application["status"], application["status"]),
        "shortlisted": application["shortlisted"],
        "outcome": labels.outcome.get(outcome, outcome) if outcome else None,
        "letters": format_html_join(LINE_BREAK, LETTER, letters),
    }
