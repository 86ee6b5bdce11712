import datetime

import pytest
from django.urls import reverse

from letters.reading import first_date, propose_details
from letters.validation import inspect_letter
from tests.factories import ApplicationFactory, login
from tests.letters import samples


def test_a_text_letter_proposes_signer_position_organisation_and_date():
    letter = inspect_letter(samples.letter_pdf(*samples.SUPPORT_LETTER_LINES))

    assert propose_details(letter) == {
        "fields": {
            "signatory_name": "María José Fernández",
            "signatory_title": "Directora Ejecutiva",
            "author_organisation": "Fundación Tribu",
            "signed_on": "2023-06-16",
        },
        "sources": {
            "signatory_name": "text",
            "signatory_title": "text",
            "author_organisation": "text",
            "signed_on": "text",
        },
    }


def test_a_signed_letter_proposes_the_signer_and_date_of_its_signature():
    letter = inspect_letter(samples.signed_pdf(signer_name="Claudio Castro"))

    proposal = propose_details(letter)

    assert proposal["fields"] == {"signatory_name": "Claudio Castro", "signed_on": "2024-01-24"}
    assert proposal["sources"] == {"signatory_name": "signature", "signed_on": "signature"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paris, le 1er juin 2029", datetime.date(2029, 6, 1)),
        ("Washington, June 16, 2023", datetime.date(2023, 6, 16)),
        ("São Paulo, 3 de março de 2025", datetime.date(2025, 3, 3)),
        ("Fecha: 16/06/2023", datetime.date(2023, 6, 16)),
        ("No date here", None),
    ],
)
def test_written_dates_in_four_languages(text, expected):
    assert first_date(text) == expected


@pytest.mark.django_db
def test_the_read_endpoint_answers_editors_only_and_refuses_bad_files(client):
    application = ApplicationFactory()
    url = reverse("letter_read", kwargs={"reference": application.reference})
    other = ApplicationFactory()
    login(client, other.owner_user)
    assert client.post(url, {"file": _upload(samples.pdf())}).status_code == 404

    login(client, application.owner_user)
    answer = client.post(url, {"file": _upload(samples.letter_pdf(*samples.SUPPORT_LETTER_LINES))})
    assert answer.status_code == 200
    assert answer.json()["fields"]["signatory_title"] == "Directora Ejecutiva"

    refused = client.post(url, {"file": _upload(samples.windows_executable(), "letter.pdf")})
    assert refused.status_code == 400
    assert refused.json()["error"]
    assert application.letters.count() == 0  # reading stores nothing


@pytest.mark.django_db
def test_the_read_endpoint_reads_the_letter_in_the_sandbox(client, settings):
    """Proposing fields parses the untrusted file too: in the limited child, not in the web
    process. With no time to spare, the child cannot read even a good letter. (Time rather
    than memory: a child given no memory beyond what it maps may still find room in its free
    heap, which depends on the tests run before; a reply within 0 s is never there.)"""
    settings.LETTER_PARSE_SECONDS = 0
    application = ApplicationFactory()
    login(client, application.owner_user)
    url = reverse("letter_read", kwargs={"reference": application.reference})
    data = samples.letter_pdf(*samples.SUPPORT_LETTER_LINES)
    assert inspect_letter(data).page_count == 1  # in this process, without the limit: read
    answer = client.post(url, {"file": _upload(data)})
    assert answer.status_code == 400
    assert "took too long to check" in answer.json()["error"]


def _upload(data, name="letter.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")
