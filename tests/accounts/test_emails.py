"""Sign-up, verification and password e-mails speak as the portal does (issue 13)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.safestring import mark_safe

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, language):
    # One address per language: allauth limits confirmation e-mails per address.
    response = client.post(
        reverse("account_signup"),
        {
            "email": f"ana.perez.{language}@municipalidad.example",
            "full_name": "Ana Pérez",
            "password1": "a-long-test-password-31",
            "password2": "a-long-test-password-31",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    return message


def test_the_verification_email_is_the_portals_own_in_english(client, settings):
    settings.SITE_NAME = "OGP Local"
    message = sign_up(client, "en")

    assert message.subject == "[OGP Local] Please confirm your e-mail address"
    assert message.body.startswith("Dear Sir or Madam,")
    assert "The OGP Local team" in message.body
    assert message.body.count("testserver") == 1  # in the link only, not as the greeting
    assert "Hello from" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html and "/accounts/confirm-email/" in html


def test_the_verification_email_is_formal_spanish_for_a_spanish_visitor(client):
    message = sign_up(client, "es")

    assert message.subject == "[OGP Local] Confirme su dirección de correo electrónico"
    assert message.body.startswith("Estimada señora, estimado señor:")
    assert "Atentamente," in message.body
    assert "confirma" not in message.body.lower().replace("confirme", "")  # no informal "tú"


def test_the_password_reset_email_uses_the_account_holders_language(client):
    user = UserFactory(language="es")

    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")

    (message,) = mail.outbox
    assert message.subject == "[OGP Local] Elección de una nueva contraseña"
    assert "Estimada señora, estimado señor:" in message.body
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.parametrize("kind", [str, mark_safe])  # a template's output is a SafeString
def test_the_html_part_shows_paragraphs_and_links_and_keeps_written_markup_as_text(kind):
    from accounts.mail import html_body

    html = html_body(kind("Dear <b>team</b>,\n\nOpen https://example.org/a?b=1&c=2 to reply."))

    assert "<p>Dear &lt;b&gt;team&lt;/b&gt;,</p>" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in html
    assert "&lt;p&gt;" not in html and "<b>" not in html
