import pytest
from django.urls import reverse

from tests.factories import UserFactory, login

pytestmark = pytest.mark.django_db


def test_the_switcher_saves_the_language_on_the_account(client):
    user = UserFactory(language="en")
    login(client, user)

    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "es"
    page = client.get(reverse("dashboard"))
    assert page["Content-Language"] == "es"
    assert '<html lang="es">' in page.content.decode()


def test_a_signed_in_user_gets_their_account_language_in_any_browser(client):
    user = UserFactory(language="es")
    login(client, user)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "es"


def test_visitors_get_their_browser_language(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es-CL,es;q=0.9")
    assert response["Content-Language"] == "es"
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert response["Content-Language"] == "fr"
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response["Content-Language"] == "pt"
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de-DE")
    assert response["Content-Language"] == "en"  # not offered: the default


def test_an_unknown_language_is_not_saved(client):
    user = UserFactory(language="en")
    login(client, user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
