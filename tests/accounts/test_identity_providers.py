"""The rule on when an identity provider's sign-in stands for the second factor, and the
settings that describe providers (accounts/identity_providers.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.identity_providers import asserts_second_factor, provider_apps, provider_origins


@pytest.mark.parametrize("method", ["mfa", "otp", "hwk", "swk"])
def test_a_trusted_provider_asserting_a_second_factor_method_counts(method):
    assert asserts_second_factor(trusts_second_factor=True, amr=["pwd", method])


@pytest.mark.parametrize("amr", [["mfa"], ["pwd", "otp"]])
def test_an_untrusted_provider_never_counts_whatever_it_asserts(amr):
    assert not asserts_second_factor(trusts_second_factor=False, amr=amr)


@pytest.mark.parametrize(
    "amr",
    [None, [], ["pwd"], ["pwd", "kba"], "mfa", {"mfa": True}, [["mfa"]], [None], "otp pwd"],
)
def test_a_trusted_provider_without_a_second_factor_method_does_not_count(amr):
    assert not asserts_second_factor(trusts_second_factor=True, amr=amr)


def test_providers_become_allauth_apps_untrusted_by_default():
    apps = provider_apps(
        [
            {
                "id": "okta",
                "name": "OGP Okta",
                "server_url": "https://ogp.okta.example",
                "client_id": "portal",
                "secret": "s",
            },
            {
                "id": "entra",
                "name": "Entra ID",
                "server_url": "https://login.example/tenant/v2.0",
                "client_id": "c",
                "secret": "t",
                "trusts_second_factor": True,
            },
        ]
    )
    assert [app["provider_id"] for app in apps] == ["okta", "entra"]
    assert apps[0]["name"] == "OGP Okta" and apps[0]["client_id"] == "portal"
    assert apps[0]["settings"] == {
        "server_url": "https://ogp.okta.example",
        "trusts_second_factor": False,
    }
    assert apps[1]["settings"]["trusts_second_factor"] is True


def test_none_configured_means_no_provider():
    assert provider_apps([]) == []


@pytest.mark.parametrize(
    "providers, message",
    [
        ({"id": "x"}, "must be a JSON list"),
        ([{"id": "x", "name": "X", "server_url": "https://x"}], "entry 1 lacks client_id, secret"),
    ],
)
def test_an_incomplete_provider_is_refused_at_start_up(providers, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        provider_apps(providers)


def test_the_sign_in_form_may_be_answered_with_a_redirect_to_each_provider():
    providers = [
        {"server_url": "https://ogp.okta.example/oauth2/default"},
        {"server_url": "https://ogp.okta.example/other"},
        {"server_url": "http://127.0.0.1:8123/openid"},
    ]
    assert provider_origins(providers) == ["https://ogp.okta.example", "http://127.0.0.1:8123"]


@pytest.mark.django_db
def test_the_sign_in_page_offers_a_button_only_for_configured_providers(client, settings):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in page and "/accounts/oidc/" not in page

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": provider_apps(
                [
                    {
                        "id": "ogp-okta",
                        "name": "OGP Okta",
                        "server_url": "https://ogp.okta.example",
                        "client_id": "portal",
                        "secret": "s",
                    }
                ]
            )
        }
    }
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with OGP Okta" in page
    assert 'action="/accounts/oidc/ogp-okta/login/' in page and 'method="post"' in page
    # Not on the sign-up page: applicants make accounts with e-mail and password.
    assert "Sign in with OGP Okta" not in client.get("/accounts/signup/").content.decode()
    client.cookies["django_language"] = "pt"
    assert "Entrar com OGP Okta" in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_a_provider_row_in_the_database_is_ignored(client):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="rogue",
        name="Rogue",
        client_id="x",
        secret="y",
        settings={"server_url": "https://rogue.example"},
    )
    assert "Sign in with Rogue" not in client.get("/accounts/login/").content.decode()
    assert client.post("/accounts/oidc/rogue/login/").status_code == 404
