"""E-mail is plain text: subjects and bodies carry names as written, never HTML-escaped."""

import pytest
from django.core import mail

from applications import domain
from applications.mail import render_mail
from tests.factories import ApplicationFactory, GovernmentFactory

pytestmark = pytest.mark.django_db


def test_subject_of_an_editor_invitation_is_not_html_escaped(django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        lead_government=GovernmentFactory(name="O'Higgins & Sons <Municipal>")
    )
    with django_capture_on_commit_callbacks(execute=True):
        domain.invite_editor(
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
