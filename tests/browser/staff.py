"""Staff sign in as everyone does (allauth, throttled), then give their authenticator code."""

from playwright.sync_api import expect

from tests.browser.forms import field
from tests.factories import PASSWORD, totp_code


def sign_in(page, user, password=PASSWORD):
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def log_into_admin(page, base_url, user):
    """Open the desk as a staff member with TOTP enrolled (tests.factories.enrol_totp)."""
    page.goto(f"{base_url}/admin/")  # → /admin/login/ → the portal's sign-in page
    sign_in(page, user)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.locator("#id_code").fill(totp_code())
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#desk-title")).to_be_visible()  # the desk, first thing after sign-in


def in_spanish(page, user):
    """The staff member reads the portal in Spanish from now on: the page is reloaded so."""
    user.language = "es"
    user.save(update_fields=["language"])
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
