"""Quotas on what applicants and invitees can make the portal send and store (issue 10)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from letters import domain
from letters.enums import LetterKind, LetterStatus
from letters.models import Letter, LetterInvitation
from letters.tokens import invitation_token
from tests.factories import ApplicationFactory, GovernmentFactory
from tests.letters import samples

pytestmark = pytest.mark.django_db


def invite(application, n=0, organisation_name="Fundación Tribu"):
    return domain.invite_letter_author(
        application=application,
        organisation_name=organisation_name,
        email=f"stranger{n}@example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=lambda token: f"https://portal.test/letters/invitation/{token}/",
    )


# --- Invitation e-mail ---------------------------------------------------------------------


def test_invitations_per_application_per_day_are_capped(
    settings, django_capture_on_commit_callbacks
):
    settings.LETTER_INVITATIONS_PER_DAY = 3
    application, other = ApplicationFactory(), ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            invite(application, n)
    assert len(mail.outbox) == 3

    with pytest.raises(domain.QuotaReached) as refused:
        invite(application, 99)

    assert "last 24 hours: 3, the most allowed" in refused.value.message
    assert LetterInvitation.objects.filter(application=application).count() == 3
    assert len(mail.outbox) == 3
    invite(other)  # another application's quota is its own


def test_a_withdrawn_invitation_still_counts_for_the_day(settings):
    settings.LETTER_INVITATIONS_PER_DAY = 1
    application = ApplicationFactory()
    domain.revoke_invitation(invitation=invite(application), user=application.owner_user)
    with pytest.raises(domain.QuotaReached):
        invite(application, 1)


def test_the_invitations_of_yesterday_do_not_count(settings):
    settings.LETTER_INVITATIONS_PER_DAY = 1
    application = ApplicationFactory()
    first = invite(application)
    LetterInvitation.objects.filter(pk=first.pk).update(
        created_at=first.created_at - timedelta(hours=25)
    )
    invite(application, 1)
    assert application.letter_invitations.count() == 2


def test_the_page_says_the_quota_is_reached_in_spanish(client, settings):
    settings.LETTER_INVITATIONS_PER_DAY = 1
    application = ApplicationFactory()
    invite(application)
    owner = application.owner_user
    owner.language = "es"
    owner.save()
    client.force_login(owner)

    response = client.post(
        f"/applications/{application.reference}/letters/",
        {
            "invite": "1",
            "invite-organisation_name": "Otra",
            "invite-email": "otra@example.org",
            "invite-kind": LetterKind.CIVIL_SOCIETY,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "Invitaciones a cartas enviadas" in response.content.decode()
    assert application.letter_invitations.count() == 1


def test_applicant_written_text_is_quoted_and_never_a_link_in_the_invitation(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(
        lead_government=GovernmentFactory(name="Click https://phish.example/login now")
    )
    with django_capture_on_commit_callbacks(execute=True):
        invite(application, organisation_name="Win a prize at www.phish.example or a@b.example")

    [message] = mail.outbox
    assert "phish.example" not in message.subject + message.body
    assert "https://" not in message.body.replace("https://portal.test/", "")
    assert "> Click https[:]//phish[.]example/login now" in message.body.splitlines()
    assert "> Win a prize at www[.]phish[.]example or a[at]b[.]example" in message.body.splitlines()
    assert message.subject == (
        f"[OGP Local] Request for a letter of support ({application.reference})"
    )
    assert "has not checked it" in message.body
    # The HTML alternative carries the same quoted text, and links only to the portal.
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "phish.example" not in html and "a@b" not in html and "mailto:" not in html
    assert "&gt; Click https[:]//phish[.]example/login now" in html
    assert "&gt; Win a prize at www[.]phish[.]example or a[at]b[.]example" in html
    links = re.findall(r"href=\"([^\"]*)\"", html)
    assert links and all(
        link.startswith(("https://portal.test/", settings.SITE_URL)) for link in links
    )


# --- Uploads -------------------------------------------------------------------------------


def invitee_post(client, invitation, text="Apoyamos esta postulación."):
    return client.post(
        reverse("letter_invitation", kwargs={"token": invitation_token(invitation)}),
        {
            "author_organisation": "Fundación Tribu",
            "signatory_name": "Tomás González",
            "signatory_title": "Presidente",
            "signed_on": "2026-11-02",
            "language": "es",
            "file": SimpleUploadedFile("carta.pdf", samples.pdf(text)),
        },
    )


def stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "letters"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_replaced_letters_bytes_are_deleted_and_its_history_row_kept(
    client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    invitation = invite(application)
    before = set(stored_files())
    with django_capture_on_commit_callbacks(execute=True):
        assert invitee_post(client, invitation, "Primera").status_code == 200
    first = Letter.objects.get(invitation=invitation)
    first_path = Path(first.file.path)
    assert first_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert invitee_post(client, invitation, "Segunda").status_code == 200

    first.refresh_from_db()
    second = Letter.objects.get(invitation=invitation, status=LetterStatus.RECEIVED)
    assert first.status == LetterStatus.REPLACED
    assert first.file.name == "" and len(first.sha256) == 64  # the history keeps the facts
    assert not first_path.exists()
    assert set(stored_files()) - before == {Path(second.file.path)}
    # Its download is a 404 now, not a server error.
    client.force_login(application.owner_user)
    url = reverse(
        "letter_download", kwargs={"reference": application.reference, "letter_id": first.pk}
    )
    assert client.get(url).status_code == 404


def test_an_invitation_link_accepts_a_limited_number_of_files(client, settings):
    settings.LETTER_UPLOADS_PER_INVITATION = 3
    invitation = invite(ApplicationFactory())
    for n in range(3):
        assert "letters/invitation_thanks.html" in [
            t.name for t in invitee_post(client, invitation, f"Versión {n}").templates
        ]

    response = invitee_post(client, invitation, "Versión 4")

    assert response.status_code == 200
    assert "Files sent through this link: 3" in response.content.decode()
    assert Letter.objects.filter(invitation=invitation).count() == 3
    page = client.get(reverse("letter_invitation", kwargs={"token": invitation_token(invitation)}))
    assert "Files sent through this link: 3" in page.content.decode()
    assert 'enctype="multipart/form-data"' not in page.content.decode()  # no form to fill in


def test_an_application_holds_a_limited_number_of_letter_files(client, settings):
    settings.LETTER_UPLOADS_PER_APPLICATION = 2
    application = ApplicationFactory()
    for n in range(2):
        invitee_post(client, invite(application, n), f"Carta {n}")

    response = invitee_post(client, invite(application, 3), "Carta 3")

    assert "replaced ones included: 2, the most allowed" in response.content.decode()
    assert Letter.objects.filter(application=application).count() == 2


def test_uploads_through_one_link_are_rate_limited_per_hour(client, settings):
    settings.LETTER_UPLOADS_PER_HOUR = 2
    invitation = invite(ApplicationFactory())
    url = reverse("letter_invitation", kwargs={"token": invitation_token(invitation)})
    form = {
        "author_organisation": "F",
        "signatory_name": "T",
        "signatory_title": "P",
        "signed_on": "2026-11-02",
        "language": "es",
    }
    for _ in range(2):  # refused files count too: reading them costs the same
        bad = {"file": SimpleUploadedFile("x.pdf", b"not a pdf")}
        page = client.post(url, form | bad).content.decode()
        assert "This file is not a PDF, JPEG or PNG" in page, page[page.find("invalid-feedback") :][
            :600
        ]

    response = invitee_post(client, invitation)

    assert "Too many uploads in a short time: at most 2 an hour" in response.content.decode()
    assert not Letter.objects.filter(invitation=invitation).exists()


def test_uploads_by_one_editor_are_rate_limited_per_hour(settings):
    settings.LETTER_UPLOADS_PER_HOUR = 1
    application = ApplicationFactory()
    upload = {
        "data": samples.pdf(),
        "filename": "a.pdf",
        "details": {
            "kind": LetterKind.CIVIL_SOCIETY,
            "author_organisation": "Tribu",
            "signatory_name": "T",
            "signatory_title": "P",
            "signed_on": timezone.localdate(),
            "language": "es",
        },
        "uploaded_by": application.owner_user,
    }
    domain.receive_letter(application=application, **upload)
    with pytest.raises(domain.QuotaReached):
        domain.receive_letter(application=application, **upload)
    assert application.letters.count() == 1
