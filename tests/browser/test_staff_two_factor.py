"""Staff reach the desk only with a second factor, through the portal's throttled sign-in."""

import re

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.browser.forms import field
from tests.browser.staff import log_into_admin, sign_in
from tests.factories import PASSWORD, TOTP_SECRET, enrol_totp
from tests.reviews.factories import make_coordinator


def code_for(secret):
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def test_a_coordinator_without_a_second_factor_enrols_before_the_desk(
    live_server, page, screenshot
):
    coordinator = make_coordinator(second_factor=False)
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    sign_in(page, coordinator)
    # Not the desk: first the password again (allauth asks before any change to the factors)...
    expect(page.get_by_text("Staff accounts need a second factor")).to_be_visible()
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    # ... then: the enrolment page, with the QR code and the secret to type in.
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    screenshot(page, "staff-totp-enrol")
    page.goto(f"{live_server.url}/admin/reviews/rankedapplication/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))

    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(code_for(secret))
    page.get_by_role("button", name="Activate").click()
    # Recovery codes are made with the authenticator and shown once.
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert len(page.locator("#recovery_codes").input_value().split()) >= 10
    screenshot(page, "staff-recovery-codes")

    # Once the codes are saved, on to the page the coordinator was going to.
    page.get_by_role("link", name="I have saved my codes: continue").click()
    expect(page).to_have_url(re.compile(r"/admin/reviews/rankedapplication/$"))
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#desk-title")).to_be_visible()


def test_an_enrolled_coordinator_signs_in_with_a_totp_code(live_server, page, screenshot):
    coordinator = make_coordinator()
    log_into_admin(page, live_server.url, coordinator)
    screenshot(page, "staff-desk-after-totp")


def test_a_wrong_totp_code_keeps_the_desk_closed(live_server, page):
    coordinator = make_coordinator()
    page.goto(f"{live_server.url}/admin/")
    sign_in(page, coordinator)
    page.locator("#id_code").fill("000000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_text("Incorrect code.", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    # Still half-way: the sign-in waits for a right code, the desk stays closed.
    expect(page).to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))
    expect(page.locator("#desk-title")).to_have_count(0)


def test_twenty_wrong_passwords_in_a_row_are_throttled(live_server, page, screenshot):
    coordinator = make_coordinator()
    page.goto(f"{live_server.url}/admin/")
    throttled = []
    for _ in range(20):
        sign_in(page, coordinator, password="not-the-password")
        throttled.append(page.get_by_text("Too many failed login attempts").count() > 0)
    assert throttled == [False] * 5 + [True] * 15
    screenshot(page, "staff-login-throttled")
    # The right password is refused too while the limit holds.
    sign_in(page, coordinator, password=PASSWORD)
    expect(page.get_by_text("Too many failed login attempts")).to_be_visible()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_have_count(0)


def test_a_session_signed_in_before_enrolling_gives_the_code_before_the_desk(
    live_server, page, screenshot
):
    """Issue 18 item 2: signed in by password while the account had no authenticator, then
    enrolled on another device: this session is asked for a code, not let in."""
    coordinator = make_coordinator(second_factor=False)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, coordinator)
    enrol_totp(coordinator)  # on another device

    page.goto(f"{live_server.url}/admin/reviews/rankedapplication/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/reauthenticate/\?next="))
    expect(
        page.get_by_text("Staff pages open with a code from your authenticator app")
    ).to_be_visible()
    expect(page.locator("#desk-title")).to_have_count(0)
    screenshot(page, "staff-code-for-this-session")
    page.locator("#id_code").fill(code_for(TOTP_SECRET))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/reviews/rankedapplication/"))
