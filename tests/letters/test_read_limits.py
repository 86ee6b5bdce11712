"""Reading a letter's fields costs a parse, as an upload does (issue 18, item 3): reads count
in the uploads' hourly rate, and a web process runs at most LETTER_SANDBOX_MAX_CHILDREN
children at once; one more is answered at once with 503 and Retry-After, not queued."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from letters import sandbox
from letters.models import Letter
from letters.tokens import invitation_token
from tests.factories import ApplicationFactory, login
from tests.letters import samples
from tests.letters.test_quotas import invite, invitee_post

pytestmark = pytest.mark.django_db


def _letter():
    return SimpleUploadedFile("carta.pdf", samples.letter_pdf(*samples.SUPPORT_LETTER_LINES))


def test_an_invitees_reads_count_with_uploads_in_one_hourly_rate(client, settings):
    settings.LETTER_UPLOADS_PER_HOUR = 2
    invitation = invite(ApplicationFactory())
    url = reverse("invitation_letter_read", kwargs={"token": invitation_token(invitation)})

    for _ in range(2):
        assert client.post(url, {"file": _letter()}).status_code == 200
    refused = client.post(url, {"file": _letter()}, HTTP_ACCEPT_LANGUAGE="es")

    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Demasiados envíos en poco tiempo: como máximo 2")
    upload = invitee_post(client, invitation)  # the same rule: the upload is refused too
    assert "Too many uploads in a short time: at most 2 an hour" in upload.content.decode()
    assert not Letter.objects.filter(invitation=invitation).exists()


def test_an_editors_reads_count_in_the_editors_hourly_rate(client, settings):
    settings.LETTER_UPLOADS_PER_HOUR = 1
    application = ApplicationFactory()
    login(client, application.owner_user)
    url = reverse("letter_read", kwargs={"reference": application.reference})

    assert client.post(url, {"file": _letter()}).status_code == 200
    assert client.post(url, {"file": _letter()}).status_code == 429


def test_a_read_when_every_child_stays_busy_is_answered_after_the_short_wait_with_retry_after(
    client, settings
):
    settings.LETTER_SANDBOX_MAX_CHILDREN = 1
    settings.LETTER_SANDBOX_RETRY_AFTER = 30
    settings.LETTER_SANDBOX_WAIT_SECONDS = 0.3
    invitation = invite(ApplicationFactory())
    url = reverse("invitation_letter_read", kwargs={"token": invitation_token(invitation)})

    with sandbox._child_slot():  # another request's letter is being read
        started = time.monotonic()
        busy = client.post(url, {"file": _letter()}, HTTP_ACCEPT_LANGUAGE="fr")
        waited = time.monotonic() - started

    assert busy.status_code == 503
    assert busy["Retry-After"] == "30"
    assert busy.json()["error"].startswith("De nombreuses lettres sont en cours de vérification")
    assert 0.3 <= waited < 1.5  # waited for a slot as long as the setting says, no longer
    # The slot is free again: the next read is served.
    assert client.post(url, {"file": _letter()}).status_code == 200


def test_an_upload_when_every_child_is_busy_is_refused_with_the_form_kept(client, settings):
    settings.LETTER_SANDBOX_MAX_CHILDREN = 1
    settings.LETTER_SANDBOX_WAIT_SECONDS = 0.1
    invitation = invite(ApplicationFactory())

    with sandbox._child_slot():
        page = invitee_post(client, invitation)

    assert page.status_code == 503
    assert page["Retry-After"] == str(settings.LETTER_SANDBOX_RETRY_AFTER)
    assert "Many letters are being checked right now" in page.content.decode()
    assert 'value="Fundación Tribu"' in page.content.decode()
    assert not Letter.objects.filter(invitation=invitation).exists()


def test_an_editors_upload_when_every_child_is_busy_is_answered_503(client, settings):
    settings.LETTER_SANDBOX_MAX_CHILDREN = 1
    settings.LETTER_SANDBOX_WAIT_SECONDS = 0.1
    application = ApplicationFactory()
    login(client, application.owner_user)

    with sandbox._child_slot():
        page = client.post(
            reverse("letters_manage", kwargs={"reference": application.reference}),
            {
                "upload": "1",
                "letter-kind": "civil_society",
                "letter-author_organisation": "Fundación Tribu",
                "letter-signatory_name": "Tomás González",
                "letter-signatory_title": "Presidente",
                "letter-signed_on": "2026-11-02",
                "letter-language": "es",
                "letter-file": _letter(),
            },
        )

    assert page.status_code == 503
    assert "Many letters are being checked right now" in page.content.decode()
    assert not application.letters.exists()


def test_a_read_that_finds_every_child_busy_is_served_when_a_slot_frees_within_the_wait(
    client, settings
):
    settings.LETTER_SANDBOX_MAX_CHILDREN = 1
    settings.LETTER_SANDBOX_WAIT_SECONDS = 5
    invitation = invite(ApplicationFactory())
    url = reverse("invitation_letter_read", kwargs={"token": invitation_token(invitation)})
    holding, release = threading.Event(), threading.Event()

    def another_request_reading_a_letter():
        with sandbox._child_slot():
            holding.set()
            release.wait(5)

    other = threading.Thread(target=another_request_reading_a_letter)
    other.start()
    assert holding.wait(5)
    threading.Timer(0.3, release.set).start()  # the other letter is done while this one waits
    served = client.post(url, {"file": _letter()})
    other.join(5)

    assert served.status_code == 200
    assert sandbox._children == 0
