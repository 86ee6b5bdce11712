"""E-mail is plain text: subjects and bodies carry names as written, never HTML-escaped."""

import pytest
from django.core import mail

from applications import editors
from applications.enums import EditorRole
from applications.mail import mail_editors, render_mail
from applications.models import ApplicationEditor
from tests.factories import ApplicationFactory, GovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_subject_of_an_editor_invitation_is_not_html_escaped(django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        lead_government=GovernmentFactory(name="O'Higgins & Sons <Municipal>")
    )
    with django_capture_on_commit_callbacks(execute=True):
        editors.invite_editor(
            application=application,
            email="colleague@example.org",
            invited_by=application.owner_user,
            accept_url_for=lambda token: f"https://portal.example/invitations/editor/{token}/",
        )

    [message] = mail.outbox
    assert message.subject == (
        "[OGP Local] You are invited to edit the application of O'Higgins & Sons <Municipal>"
    )
    assert "O'Higgins & Sons <Municipal>" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body


def test_submission_confirmation_subject_in_spanish_is_plain_text():
    application = ApplicationFactory(reference="OGPL-2026-0042")
    subject, _body = render_mail(
        template="applications/emails/submission_confirmation",
        context={"application": application},
        language="es",
    )
    assert "&" not in subject
    assert "OGPL-2026-0042" in subject


def invite_colleague(application, n):
    editors.invite_editor(
        application=application,
        email=f"colleague{n}@example.org",
        invited_by=application.owner_user,
        accept_url_for=lambda token: f"https://portal.example/invitations/editor/{token}/",
    )


def test_editor_invitations_per_application_per_day_are_capped(settings):
    from applications.exceptions import InvitationInvalid

    settings.EDITOR_INVITATIONS_PER_DAY = 2
    application = ApplicationFactory()
    invite_colleague(application, 1)
    invite_colleague(application, 2)
    with pytest.raises(InvitationInvalid) as refused:
        invite_colleague(application, 3)
    assert (
        "Editor invitations sent by this application in the last 24 hours: 2"
        in refused.value.message
    )
    assert application.editor_invitations.count() == 2


def test_applicant_text_in_an_editor_invitation_is_quoted_and_defanged(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(
        lead_government=GovernmentFactory(name="Click http://phish.example now")
    )
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(application, 1)
    [message] = mail.outbox
    assert "phish.example" not in message.subject + message.body
    assert "> Click http[:]//phish[.]example now" in message.body.splitlines()


def test_every_editor_is_mailed_once_in_the_language_they_chose():
    application = ApplicationFactory(reference="OGPL-2026-0042", language="fr")
    application.owner_user.language = "es"
    application.owner_user.save(update_fields=["language"])
    colleague = UserFactory(email="colega@example.org", language="pt")
    ApplicationEditor.objects.create(
        application=application, user=colleague, role=EditorRole.EDITOR
    )
    mail_editors(application, template="applications/emails/submission_confirmation")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        application.owner_user.email: "[OGP Local] Postulación OGPL-2026-0042 enviada",
        "colega@example.org": "[OGP Local] Candidatura OGPL-2026-0042 enviada",
    }
