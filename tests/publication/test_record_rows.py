"""The public record's rows as drawn from plain values (publication.record_rows) and its kept
order (publication.queries.record_order): what a row shows, in each language, and that the
order follows every change that moves a candidate."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from applications import domain as applications_domain
from calls.domain import publish_results
from publication import queries
from reviews import domain as reviews_domain
from tests.factories import PartnerFactory
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    call = call_with_criteria()
    coordinator = make_coordinator()
    renca = submitted_application(call=call, name="Municipality of Renca")
    renca.publication_consent = True
    renca.save(update_fields=["publication_consent"])
    renca.lead_government.population = 147151
    renca.lead_government.save(update_fields=["population"])
    PartnerFactory(application=renca, organisation__name="Fundación <b>Ciudadana</b>")
    decision = reviews_domain.record_decision(
        application=renca, outcome="admitted", reason="Strong plan", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    lima = submitted_application(call=call, name="Municipality of Lima", country="PE")
    call = publish_results(call=call)
    return {"call": call, "renca": renca, "lima": lima}


def body_rows(html):
    return re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", html, flags=re.S)


def test_a_row_shows_its_candidate_partners_decision_and_letters(client, record):
    renca = record["renca"]
    html = client.get(reverse("call_record", kwargs={"slug": record["call"].slug})).content
    rows = body_rows(html.decode())

    assert len(rows) == 2
    renca_row = next(row for row in rows if "Municipality of Renca" in row)
    assert f"{renca.reference} · population 147,151" in renca_row
    assert "<td>Chile</td>" in renca_row
    assert "Fundación &lt;b&gt;Ciudadana&lt;/b&gt;" in renca_row  # escaped, never HTML
    assert "<td>Decided</td>" in renca_row and "<td>Admitted</td>" in renca_row
    letters = list(renca.letters.all())
    assert letters
    for letter in letters:
        url = reverse("public_letter", kwargs={"slug": record["call"].slug, "letter_id": letter.pk})
        assert f'<a href="{url}">' in renca_row
        assert f"({letter.get_kind_display().lower()})" in renca_row
    lima_row = next(row for row in rows if "Municipality of Lima" in row)
    assert "<td>Peru</td>" in lima_row and "Pending" in lima_row
    assert "Not published" in lima_row  # no consent to publish its letters


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ["Perú", "Pendiente", "población: 147", "No publicada"]),
        ("fr", ["Pérou", "population 147"]),
        ("pt", ["Peru", "população 147"]),
    ],
)
def test_a_row_speaks_the_visitors_language(client, record, language, words):
    url = reverse("call_record", kwargs={"slug": record["call"].slug})
    html = client.get(url, headers={"accept-language": language}).content.decode()

    assert f'lang="{language}"' in html
    record["renca"].refresh_from_db()
    with translation.override(language):
        decided = escape(record["renca"].get_status_display())
    assert f"<td>{decided}</td>" in html
    for word in words:
        assert word in html, word


def test_the_kept_order_follows_a_renamed_government_and_a_withdrawal(client, record):
    call, renca, lima = record["call"], record["renca"], record["lima"]
    url = reverse("call_record", kwargs={"slug": call.slug})
    before = client.get(url).content.decode()
    assert before.index("Municipality of Renca") < before.index("Municipality of Lima")  # CL, PE
    assert queries.record_order(call) == [renca.pk, lima.pk]

    lima.lead_government.country = "AR"
    lima.lead_government.save(update_fields=["country"])
    moved = client.get(url).content.decode()
    assert moved.index("Municipality of Lima") < moved.index("Municipality of Renca")

    applications_domain.withdraw_application(application=lima, user=lima.owner_user)
    after = client.get(url).content.decode()
    assert "Municipality of Lima" not in after
    assert "1 candidate," in after
    assert queries.record_order(call) == [renca.pk]
