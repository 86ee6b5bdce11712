"""Issue 24: a coordinator signs in through the test identity provider (a real OpenID Connect
provider on 127.0.0.1, tests/sso/) and reaches the desk only after the second factor."""

import re

from playwright.sync_api import expect

from tests.factories import totp_code
from tests.reviews.factories import make_coordinator
from tests.sso import identities


def test_a_coordinator_signs_in_through_the_identity_provider_then_gives_the_code(
    live_server, single_sign_on, page, screenshot
):
    make_coordinator(email=identities.COORDINATOR, full_name="Ana Coordinator")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    expect(page.get_by_role("heading", name="OGP staff")).to_be_visible()
    screenshot(page, "sso-sign-in-page")

    page.get_by_role("button", name="Sign in with Test IdP").click()
    # The identity provider's own page, on its own server.
    expect(page).to_have_url(re.compile(rf"^{re.escape(single_sign_on.url)}/login/"))
    page.get_by_label("Username").fill(identities.COORDINATOR)
    page.get_by_label("Password").fill(identities.PASSWORD)
    page.get_by_role("button", name="Sign in to the identity provider").click()

    # Back on the portal: the code comes before the desk.
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    screenshot(page, "sso-second-factor")
    # The desk is still closed to this browser (asked without leaving the code page).
    desk = page.request.get(f"{live_server.url}/admin/", max_redirects=0)
    assert desk.status == 302 and desk.headers["location"].startswith("/admin/login/")

    page.locator("#id_code").fill(totp_code())
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#desk-title")).to_be_visible()
    screenshot(page, "sso-desk")


def test_an_applicant_who_tries_the_identity_provider_is_told_to_use_their_password(
    live_server, single_sign_on, page, screenshot
):
    from tests.factories import UserFactory

    UserFactory(email=identities.APPLICANT)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with Trusted IdP").click()
    page.get_by_label("Username").fill(identities.APPLICANT)
    page.get_by_label("Password").fill(identities.PASSWORD)
    page.get_by_role("button", name="Sign in to the identity provider").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_text("is for OGP staff only")).to_be_visible()
    screenshot(page, "sso-refused")
    desk = page.request.get(f"{live_server.url}/admin/", max_redirects=0)
    assert desk.headers["location"].startswith("/admin/login/")
