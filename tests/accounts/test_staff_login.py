"""Staff sign in through the one throttled, verified path, and enrol a second factor before
the desk opens (accounts.middleware.StaffLoginMiddleware)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress

from tests.factories import PASSWORD, UserFactory, totp_code
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db


def test_the_admin_login_page_sends_to_the_portal_sign_in(client):
    response = client.get("/admin/login/?next=/admin/reviews/review/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query)["next"] == ["/admin/reviews/review/"]


def test_the_admin_login_redirect_keeps_next_on_this_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/admin/"]


def test_posting_passwords_to_the_admin_login_does_not_check_them(client):
    coordinator = make_coordinator()
    response = client.post("/admin/login/", {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_fifty_wrong_passwords_are_refused_from_the_sixth(client):
    """10.2: through the admin's door too, wrong passwords meet allauth's rate limit."""
    coordinator = make_coordinator()
    login = client.get("/admin/login/?next=/admin/", follow=True).redirect_chain[-1][0]
    refused = []
    for _ in range(50):
        response = client.post(login, {"login": coordinator.email, "password": "wrong-password"})
        refused.append(
            response.status_code == 429 or b"Too many failed login attempts" in response.content
        )
    assert refused == [False] * 5 + [True] * 45
    # Even the right password is refused while the limit holds.
    response = client.post(login, {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_unverified_account_made_a_reviewer_cannot_sign_in(client):
    reviewer = make_reviewer()
    EmailAddress.objects.filter(user=reviewer).update(verified=False)
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": reviewer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_without_a_second_factor_are_sent_to_enrol(client):
    coordinator = make_coordinator(second_factor=False)
    client.force_login(coordinator)
    for path in ["/admin/", "/admin/reviews/rankedapplication/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # Outside the desk nothing changes.
    assert client.get("/").status_code == 200


def test_staff_with_totp_sign_in_with_their_code(client):
    coordinator = make_coordinator()
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_applicants_are_not_asked_for_a_second_factor(client):
    applicant = UserFactory()
    response = client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    # applicants land on their dashboard (the site root is the public front door)
    assert response.status_code == 302 and response["Location"] == "/applications/"
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_enrolled_staff_may_use_a_recovery_code(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    reviewer = make_reviewer()
    codes = RecoveryCodes(
        Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) >= 10
    client.post("/accounts/login/", {"login": reviewer.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(reviewer.pk)
