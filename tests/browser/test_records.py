"""The records pages as people see them: the privacy page (in Spanish too), a person's own data,
and the desk's call archives."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from records.enums import ArchiveStatus
from records.models import CallArchive
from tests.browser.staff import log_into_admin, sign_in
from tests.factories import PASSWORD, CallFactory, UserFactory
from tests.reviews.factories import make_coordinator


def test_privacy_and_your_data_pages(live_server, page, screenshot, transactional_db):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", name="How the portal uses personal data")).to_be_visible()
    expect(page.get_by_text("24 months after the decision")).to_be_visible()
    screenshot(page, "records-privacy")

    person = UserFactory()
    page.goto(f"{live_server.url}/accounts/login/?next=/account/your-data/")
    sign_in(page, person)
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    screenshot(page, "records-your-data")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data").click()
    assert download.value.suggested_filename == "your-data.zip"

    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase my data and close my account").click()
    # The password again first (allauth's reauthentication), then the erasure goes on.
    expect(page.locator("#id_password")).to_be_visible()
    screenshot(page, "records-erase-reauthenticate")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Your data was erased")).to_be_visible()
    screenshot(page, "records-erased")


def test_the_desk_lists_call_archives(live_server, page, screenshot, transactional_db):
    from accounts.roles import ensure_roles

    ensure_roles()
    coordinator = make_coordinator()
    closed = timezone.now() - datetime.timedelta(days=1)
    call = CallFactory(title="OGP Local 2026", closes_at=closed)
    CallFactory(title="OGP Local 2025", closes_at=closed - datetime.timedelta(days=1))
    CallArchive.objects.create(call=call, requested_by=coordinator, status=ArchiveStatus.PENDING)
    log_into_admin(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/admin/records/callarchive/")
    expect(page.get_by_text("OGP Local 2026")).to_be_visible()
    screenshot(page, "records-desk-archives")
    page.goto(f"{live_server.url}/admin/records/callarchive/add/")
    # The call whose archive is on its way cannot be chosen again, and the page says why.
    expect(page.locator("#id_call option", has_text="OGP Local 2026")).to_be_disabled()
    expect(page.locator("#id_call option", has_text="OGP Local 2025")).to_be_enabled()
    expect(page.get_by_text("cannot be asked for again until it is ready")).to_be_visible()
    screenshot(page, "records-desk-archive-add")
