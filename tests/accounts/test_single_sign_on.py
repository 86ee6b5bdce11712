"""Staff single sign-on through OpenID Connect, against the real test identity provider
(tests/sso/: django-oidc-provider on 127.0.0.1), with the test client on the portal's side.

The portal's callback fetches the tokens and the user's claims from the provider itself, and
checks the ID token, as in production.
"""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.second_factor import session_passed_second_factor
from tests.factories import UserFactory, totp_code
from tests.reviews.factories import make_coordinator
from tests.sso import identities

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("single_sign_on")]

MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"
REFUSAL = "Signing in through an identity provider is for OGP staff only"


def sign_in_through(client, provider_id, email):
    """Press "Sign in with …" on the portal, sign in on the provider's page, come back:
    the portal's answer to the callback."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider_id}))
    assert start.status_code == 302, start.content[:300]
    assert start["Location"].startswith("http://127.0.0.1:")  # the provider's own page
    callback = identities.sign_in_at_provider(start["Location"], email)
    assert callback.startswith(f"http://testserver/accounts/oidc/{provider_id}/login/callback/")
    return client.get(identities.path_of(callback))


def signed_in_user(client):
    from django.contrib.auth import get_user

    request = type("Request", (), {"session": client.session})()
    return get_user(request)


def assert_refused(client, response):
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    page = client.get(response["Location"])
    assert REFUSAL in page.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert client.get("/admin/").status_code == 302


def test_a_coordinator_signs_in_through_the_provider_and_is_asked_for_the_code(client):
    coordinator = make_coordinator(email=identities.COORDINATOR)
    response = sign_in_through(client, "test-idp", identities.COORDINATOR)

    assert response.status_code == 302 and response["Location"] == MFA_AUTHENTICATE
    # Not signed in yet: the desk sends them to sign in.
    assert not signed_in_user(client).is_authenticated
    desk = client.get("/admin/")
    assert desk.status_code == 302 and desk["Location"].startswith("/admin/login/")

    given = client.post(MFA_AUTHENTICATE, {"code": totp_code()})
    assert given.status_code == 302
    assert signed_in_user(client) == coordinator
    assert client.get("/admin/").status_code == 200
    # The identity is now linked to the staff account: the next sign-in finds it.
    assert SocialAccount.objects.get(provider="test-idp").user == coordinator


def test_an_applicants_identity_is_refused_and_not_linked(client):
    applicant = UserFactory(email=identities.APPLICANT)
    response = sign_in_through(client, "test-idp", identities.APPLICANT)
    assert_refused(client, response)
    assert not SocialAccount.objects.filter(user=applicant).exists()


def test_an_identity_with_no_account_on_the_portal_is_refused_and_none_is_made(client):
    from accounts.models import User

    before = User.objects.count()
    response = sign_in_through(client, "trusted-idp", identities.STRANGER)
    assert_refused(client, response)
    assert User.objects.count() == before
    assert not SocialAccount.objects.exists()


def test_a_linked_identity_whose_account_is_no_longer_staff_is_refused(client):
    coordinator = make_coordinator(email=identities.COORDINATOR)
    sign_in_through(client, "test-idp", identities.COORDINATOR)
    client.post(MFA_AUTHENTICATE, {"code": totp_code()})
    assert SocialAccount.objects.filter(user=coordinator).exists()
    client.post(reverse("account_logout"))

    coordinator.is_staff = False
    coordinator.save(update_fields=["is_staff"])
    assert_refused(client, sign_in_through(client, "test-idp", identities.COORDINATOR))


def test_an_unverified_address_on_the_portal_is_not_matched(client):
    from allauth.account.models import EmailAddress

    coordinator = make_coordinator(email=identities.COORDINATOR)
    EmailAddress.objects.filter(user=coordinator).update(verified=False)
    assert_refused(client, sign_in_through(client, "test-idp", identities.COORDINATOR))


def test_a_trusted_provider_asserting_mfa_stands_for_the_code(client):
    coordinator = make_coordinator(email=identities.MFA_COORDINATOR)
    response = sign_in_through(client, "trusted-idp", identities.MFA_COORDINATOR)

    assert response.status_code == 302 and response["Location"] != MFA_AUTHENTICATE
    assert signed_in_user(client) == coordinator
    assert client.get("/admin/").status_code == 200


def test_an_untrusted_provider_asserting_mfa_does_not(client):
    make_coordinator(email=identities.MFA_COORDINATOR)
    response = sign_in_through(client, "test-idp", identities.MFA_COORDINATOR)
    assert response["Location"] == MFA_AUTHENTICATE
    assert not signed_in_user(client).is_authenticated


def test_a_trusted_provider_that_asserts_a_password_only_does_not(client):
    make_coordinator(email=identities.COORDINATOR)
    response = sign_in_through(client, "trusted-idp", identities.COORDINATOR)
    assert response["Location"] == MFA_AUTHENTICATE


def test_staff_without_an_authenticator_are_sent_to_enrol_before_the_desk(client):
    coordinator = make_coordinator(email=identities.COORDINATOR, second_factor=False)
    response = sign_in_through(client, "test-idp", identities.COORDINATOR)
    assert response.status_code == 302
    assert signed_in_user(client) == coordinator
    desk = client.get("/admin/")
    assert desk.status_code == 302
    assert desk["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_session_record_is_what_the_staff_rules_read(client, rf):
    make_coordinator(email=identities.MFA_COORDINATOR)
    sign_in_through(client, "trusted-idp", identities.MFA_COORDINATOR)
    request = rf.get("/")
    request.session = client.session
    request.user = signed_in_user(client)
    assert session_passed_second_factor(request)


def test_the_refusal_is_in_the_readers_language(client):
    UserFactory(email=identities.APPLICANT)
    client.cookies["django_language"] = "es"
    response = sign_in_through(client, "test-idp", identities.APPLICANT)
    page = client.get(response["Location"]).content.decode()
    assert "solo para el personal de OGP" in page


def test_a_signed_in_applicant_cannot_link_a_provider_identity(client):
    from tests.factories import login

    applicant = UserFactory(email=identities.APPLICANT)
    login(client, applicant)
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": "test-idp"}),
        {"process": "connect"},
    )
    callback = identities.sign_in_at_provider(start["Location"], identities.APPLICANT)
    response = client.get(identities.path_of(callback))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not SocialAccount.objects.exists()
