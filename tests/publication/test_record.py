import csv
import io
import json

import pytest
from django.urls import reverse

from applications import domain as applications_domain
from calls.domain import publish_results
from letters.enums import LetterKind
from reviews import domain as reviews_domain
from tests.factories import ApplicationFactory, PartnerFactory, UserFactory
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application

pytestmark = pytest.mark.django_db

PRIVATE_TEXT = [
    "carla@example.org",  # the point of contact's e-mail (complete_application)
    "Carla Rojas",  # the point of contact
    "Claudia Pérez",  # a letter's signatory
    "Too small a team",  # a decision's reason
]


def content(response):
    """The body of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def json_of(response):
    return json.loads(content(response))


def urls(call):
    return [
        reverse("call_record", kwargs={"slug": call.slug}),
        reverse("call_applications_json", kwargs={"slug": call.slug}),
        reverse("call_applications_csv", kwargs={"slug": call.slug}),
    ]


@pytest.fixture
def record():
    """A call with a decided candidate (letters published), a submitted one (letters not
    published), a draft and a withdrawn application; a reviewer has scored nothing public."""
    call = call_with_criteria()
    coordinator = make_coordinator(full_name="Joseph Okello", email="coordinator@ogp.example.org")
    decided = submitted_application(call=call, name="Municipality of Renca")
    decided.publication_consent = True
    decided.save(update_fields=["publication_consent"])
    decision = reviews_domain.record_decision(
        application=decided, outcome="admitted", reason="Too small a team", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    pending = submitted_application(call=call, name='=HYPERLINK("http://evil")', country="PE")
    reviews_domain.record_decision(
        application=pending, outcome="not_admitted", reason="Too small a team", by=coordinator
    )
    draft = ApplicationFactory(call=call, lead_government__name="Draft Town")
    PartnerFactory(application=draft)
    withdrawn = ApplicationFactory(call=call, lead_government__name="Withdrawn Town")
    applications_domain.withdraw_application(application=withdrawn, user=withdrawn.owner_user)
    return {"call": call, "decided": decided, "pending": pending, "coordinator": coordinator}


def test_unpublished_calls_are_404(client, record):
    for url in urls(record["call"]):
        assert client.get(url).status_code == 404, url


def test_the_json_lists_candidates_without_private_fields(client, record):
    call = publish_results(call=record["call"])

    response = client.get(urls(call)[1])

    assert response.status_code == 200
    data = json_of(response)
    assert data["schema_version"] == 1
    assert data["call"]["slug"] == call.slug
    by_reference = {row["reference"]: row for row in data["applications"]}
    assert set(by_reference) == {record["decided"].reference, record["pending"].reference}
    decided = by_reference[record["decided"].reference]
    assert decided["lead_government"] == "Municipality of Renca"
    assert decided["decision"] == "admitted"
    assert decided["status"] == "decided"
    assert sorted(letter["kind"] for letter in decided["letters"]) == [
        LetterKind.CIVIL_SOCIETY,
        LetterKind.INTENT,
    ]
    assert set(decided) == {
        "reference", "lead_government", "country", "government_level", "population",
        "consortium_partners", "status", "decision", "submitted_at", "letters",
        "expression_of_interest", "shortlisted",
    }  # fmt: skip
    assert decided["expression_of_interest"] is None and decided["shortlisted"] is False
    pending = by_reference[record["pending"].reference]
    assert pending["decision"] is None  # recorded but not released
    assert pending["letters"] == []  # no consent
    body = content(response).decode()
    for private in PRIVATE_TEXT + [record["coordinator"].email, "Joseph Okello", "score"]:
        assert private not in body
    assert "Draft Town" not in body and "Withdrawn Town" not in body


def test_the_page_and_csv_show_the_same_and_nothing_private(client, record):
    call = publish_results(call=record["call"])
    page = client.get(urls(call)[0]).content.decode()
    response = client.get(urls(call)[2])
    text = content(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))

    assert "Municipality of Renca" in page and "Admitted" in page
    assert rows[0][:3] == ["reference", "lead_government", "country"]
    assert {row[0] for row in rows[1:]} == {
        record["decided"].reference,
        record["pending"].reference,
    }
    formula_row = next(row for row in rows[1:] if row[0] == record["pending"].reference)
    assert formula_row[1].startswith("'=HYPERLINK")  # neutralised for spreadsheets
    for private in PRIVATE_TEXT:
        assert private not in page and private not in text
    assert "Draft Town" not in page and "Draft Town" not in text


def test_published_letters_download_only_with_consent(client, record):
    call = publish_results(call=record["call"])
    data = json_of(client.get(urls(call)[1]))
    url = next(row for row in data["applications"] if row["letters"])["letters"][0]["url"]
    assert client.get(url).status_code == 200

    pending_letter = record["pending"].letters.first()
    assert (
        client.get(
            reverse("public_letter", kwargs={"slug": call.slug, "letter_id": pending_letter.pk})
        ).status_code
        == 404
    )


def test_public_pages_need_no_account_and_other_users_see_the_same(client, record):
    call = publish_results(call=record["call"])
    anonymous = json_of(client.get(urls(call)[1]))
    client.force_login(UserFactory())
    assert json_of(client.get(urls(call)[1])) == anonymous


def test_the_record_page_and_json_stay_at_a_fixed_number_of_queries(client, record):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = publish_results(call=record["call"])

    def counts():
        result = []
        for url in urls(call):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                assert response.status_code == 200
                content(response)  # a streamed export queries while it is read
            result.append(len(queries.captured_queries))
        return result

    few = counts()
    for number in range(4):
        application = submitted_application(call=call, name=f"Municipality {number}")
        application.publication_consent = True
        application.save(update_fields=["publication_consent"])
    assert counts() == few


def add_public_candidates(call, number, *, like):
    """``number`` more submitted candidates, each with two partners and copies of ``like``'s
    letters, built in bulk (the domain path is tested above; this is about volume)."""
    from django.utils import timezone

    from applications.enums import ApplicationStatus
    from letters.models import Letter

    letters = list(like.letters.all())
    for index in range(number):
        application = ApplicationFactory(
            call=call,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            publication_consent=True,
            lead_government__name=f"Bulk Town {index:04d}",
        )
        PartnerFactory(application=application, organisation__name=f"Ally {index} A")
        PartnerFactory(application=application, organisation__name=f"Ally {index} B")
        Letter.objects.bulk_create(
            Letter(
                **{
                    field.attname: getattr(letter, field.attname)
                    for field in Letter._meta.concrete_fields
                    if field.attname not in ("id", "application_id", "replaces_id")
                },
                application=application,
            )
            for letter in letters
        )


def query_counts(client, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = {}
    for url in urls(call) + [urls(call)[0] + "?search=Bulk&page=2"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            body = content(response)
        result[url] = (len(queries.captured_queries), len(body) > 0)
    return result


def test_record_and_exports_cost_the_same_queries_at_3_and_300_candidates(client, record):
    call = publish_results(call=record["call"])
    add_public_candidates(call, 1, like=record["decided"])  # 3 public candidates
    few = query_counts(client, call)

    add_public_candidates(call, 297, like=record["decided"])  # 300

    assert query_counts(client, call) == few
    data = json_of(client.get(urls(call)[1]))
    assert len(data["applications"]) == 300
    bulk = next(row for row in data["applications"] if row["lead_government"] == "Bulk Town 0100")
    assert [partner["name"] for partner in bulk["consortium_partners"]] == [
        "Ally 100 A",
        "Ally 100 B",
    ]
    assert len(bulk["letters"]) == record["decided"].letters.count()
    rows = list(csv.reader(io.StringIO(content(client.get(urls(call)[2])).decode("utf-8-sig"))))
    assert len(rows) == 301


def test_the_record_page_is_paginated_and_filtered(client, record):
    call = publish_results(call=record["call"])
    add_public_candidates(call, 60, like=record["decided"])
    url = urls(call)[0]

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert "62 candidates" in first
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('<th scope="row"') == 50
    assert second.count('<th scope="row"') == 12

    searched = client.get(url + "?search=ally 7 b").content.decode()  # a partner's name
    assert searched.count('<th scope="row"') == 1 and "Bulk Town 0007" in searched

    admitted = client.get(url + "?decision=admitted").content.decode()
    assert admitted.count('<th scope="row"') == 1 and "Municipality of Renca" in admitted

    peru = client.get(url + "?country=PE").content.decode()
    assert "1 candidate," in peru and "HYPERLINK" in peru

    nonsense = client.get(url + "?decision=nonsense&country=ZZ&page=99")
    assert nonsense.status_code == 200  # bad filters are dropped, a bad page is the last
    assert nonsense.content.decode().count('<th scope="row"') == 12


def test_partner_names_are_formula_safe_after_the_separator_too(client, record):
    """A Spanish-locale spreadsheet splits "A; B" on the semicolon: the second name must not
    start a formula there either."""
    PartnerFactory(application=record["pending"], organisation__name='=HYPERLINK("http://x")')
    PartnerFactory(application=record["pending"], organisation__name="Norte;+cmd|' /C calc'!A0")
    call = publish_results(call=record["call"])

    rows = list(csv.reader(io.StringIO(content(client.get(urls(call)[2])).decode("utf-8-sig"))))

    pending = next(row for row in rows[1:] if row[0] == record["pending"].reference)
    for piece in pending[5].split(";"):
        assert not piece.strip().startswith(("=", "+", "-", "@")), pending[5]
    assert '\'=HYPERLINK("http://x")' in pending[5]
    assert "Norte;'+cmd" in pending[5]
