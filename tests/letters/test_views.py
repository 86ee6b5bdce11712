import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import domain as application_domain
from letters import domain
from letters.enums import LetterKind
from letters.models import Letter
from letters.tokens import invitation_token
from tests.factories import ApplicationFactory, UserFactory, login
from tests.letters import samples

pytestmark = pytest.mark.django_db


def upload_letter(application, data=None):
    return domain.receive_letter(
        application=application,
        data=data or samples.pdf("Fundación Tribu supports this application."),
        filename="support.pdf",
        details={
            "kind": LetterKind.CIVIL_SOCIETY,
            "author_organisation": "Fundación Tribu",
            "signatory_name": "Tomás González",
            "signatory_title": "President",
            "signed_on": timezone.localdate(),
            "language": "es",
        },
        uploaded_by=application.owner_user,
    )


def invite(application, kind=LetterKind.CIVIL_SOCIETY):
    return domain.invite_letter_author(
        application=application,
        organisation_name="Fundación Tribu",
        email="tomas@tribu.example.org",
        kind=kind,
        invited_by=application.owner_user,
        link_for=str,
    )


def download_url(letter):
    return reverse(
        "letter_download",
        kwargs={"reference": letter.application.reference, "letter_id": letter.pk},
    )


def test_editors_download_letters_as_attachments(client):
    application = ApplicationFactory()
    letter = upload_letter(application)
    login(client, application.owner_user)

    response = client.get(download_url(letter))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="support.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == letter.file.open("rb").read()


def test_others_get_404_on_a_letter_download(client):
    application = ApplicationFactory()
    letter = upload_letter(application)
    url = download_url(letter)

    assert client.get(url).status_code == 404  # anonymous, e.g. an invitee of any application

    other_application = ApplicationFactory()
    other_invitation = invite(other_application)
    assert (
        client.get(
            reverse("letter_invitation", args=[invitation_token(other_invitation)])
        ).status_code
        == 200
    )
    assert client.get(url).status_code == 404  # invitee of another application

    login(client, other_application.owner_user)
    assert client.get(url).status_code == 404  # another application's editor
    client.logout()
    login(client, UserFactory())
    assert client.get(url).status_code == 404  # a stranger
    wrong_reference = url.replace(application.reference, other_application.reference)
    client.logout()
    login(client, other_application.owner_user)
    assert client.get(wrong_reference).status_code == 404


def test_staff_need_a_review_role_on_the_application_to_download(client):
    from tests.reviews.factories import make_coordinator, make_reviewer

    letter = upload_letter(ApplicationFactory())
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_letter"))
    login(client, staff)
    assert client.get(download_url(letter)).status_code == 404
    client.logout()

    login(client, make_reviewer())  # a reviewer not assigned to this application
    assert client.get(download_url(letter)).status_code == 404
    client.logout()

    login(client, make_coordinator())
    assert client.get(download_url(letter)).status_code == 200


def test_a_refused_upload_keeps_what_the_editor_typed(client):
    application = ApplicationFactory()
    login(client, application.owner_user)
    response = client.post(
        reverse("letters_manage", kwargs={"reference": application.reference}),
        {
            "upload": "1",
            "letter-kind": "civil_society",
            "letter-author_organisation": "Fundación Tribu",
            "letter-signatory_name": "Tomás González Olavarría",
            "letter-signatory_title": "Founder and President",
            "letter-signed_on": "2026-11-02",
            "letter-language": "es",
            "letter-file": SimpleUploadedFile(
                "letter.pdf", samples.svg(), content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["upload_form"].errors["file"]
    assert "Tomás González Olavarría" in page and "Founder and President" in page
    assert not Letter.objects.exists()


def test_an_editor_uploads_through_the_page(client):
    application = ApplicationFactory()
    login(client, application.owner_user)
    response = client.post(
        reverse("letters_manage", kwargs={"reference": application.reference}),
        {
            "upload": "1",
            "letter-kind": "intent",
            "letter-government": application.lead_government_id,
            "letter-author_organisation": application.lead_government.name,
            "letter-signatory_name": "Claudio Castro",
            "letter-signatory_title": "Mayor",
            "letter-signed_on": "2026-11-02",
            "letter-language": "es",
            "letter-file": SimpleUploadedFile(
                "intent.pdf", samples.pdf("Intent"), content_type="text/plain"
            ),
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.kind, letter.government, letter.uploaded_by) == (
        "intent",
        application.lead_government,
        application.owner_user,
    )


def test_the_invitee_page_shows_only_the_summary(client):
    application = ApplicationFactory(contact_email="private@example.org")
    section = application.call.sections.first()
    question = section.questions.first()
    application_domain.save_section(
        application=application,
        section=section,
        answers={question.pk: "A confidential answer"},
        version=0,
        user=application.owner_user,
    )
    invitation = invite(application)

    page = client.get(
        reverse("letter_invitation", args=[invitation_token(invitation)])
    ).content.decode()

    assert application.lead_government.name in page
    assert "A confidential answer" not in page
    assert "private@example.org" not in page
    assert application.owner_user.email not in page


@pytest.mark.parametrize("how", ["revoked", "closed", "submitted", "forged"])
def test_unusable_links_show_a_clear_page_and_accept_nothing(client, how):
    application = ApplicationFactory()
    invitation = invite(application)
    token = invitation_token(invitation)
    if how == "revoked":
        domain.revoke_invitation(invitation=invitation, user=application.owner_user)
    elif how == "closed":
        application.call.closes_at = timezone.now() - timezone.timedelta(minutes=1)
        application.call.opens_at = timezone.now() - timezone.timedelta(days=9)
        application.call.save()
    elif how == "submitted":
        application.status = "submitted"
        application.save()
    elif how == "forged":
        token = token[:-3] + "abc"
    url = reverse("letter_invitation", args=[token])

    response = client.get(url)
    assert response.status_code in (404, 410)
    assert "This link cannot be used" in response.content.decode()

    response = client.post(
        url,
        {
            "author_organisation": "Fundación Tribu",
            "signatory_name": "T",
            "signatory_title": "P",
            "signed_on": "2026-11-02",
            "language": "es",
            "file": SimpleUploadedFile("a.pdf", samples.pdf("x")),
        },
    )
    assert response.status_code in (404, 410)
    assert not Letter.objects.exists()


def test_the_letters_page_stays_at_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = ApplicationFactory()
    login(client, application.owner_user)
    url = reverse("letters_manage", kwargs={"reference": application.reference})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    upload_letter(application)
    invite(application)
    few = count()
    for _ in range(4):
        upload_letter(application)
        invite(application)
    assert count() == few
