"""The process's loops in the browser: a coordinator asks for changes at the completeness check
and the applicant fixes a letter and resubmits (a new packet); an extension lets one applicant
submit after the call's deadline while another is refused."""

import re
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications.enums import ApplicationStatus
from calls.models import Call
from tests.browser.axe import assert_accessible
from tests.browser.forms import field, fill_date
from tests.browser.staff import log_into_admin
from tests.factories import PASSWORD, ApplicationFactory, complete_application
from tests.letters import samples
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application

pytestmark = [pytest.mark.browser]


def wait_for(condition, timeout=60.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited too long for {what}"
        time.sleep(0.2)


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()


@pytest.mark.worker
@pytest.mark.skipif(not apps.is_installed("packets"), reason="no packets app: no packet to renew")
def test_changes_requested_a_letter_fixed_and_resubmitted_with_a_new_packet(
    live_server, browser, page, celery_worker, screenshot, transactional_db, tmp_path
):
    from packets.enums import PacketStatus

    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    call = call_with_criteria(title="OGP Local 2027 call")
    renca = submitted_application(call=call, country="CL", name="Municipality of Renca")
    owner = renca.owner_user
    wait_for(
        lambda: renca.packets.filter(status=PacketStatus.READY).exists(), what="the first packet"
    )
    mail.outbox.clear()

    # The coordinator asks for changes from the application's page on the desk.
    desk_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    desk = desk_context.new_page()
    log_into_admin(desk, live_server.url, coordinator)
    desk.goto(f"{live_server.url}/admin/applications/application/{renca.pk}/change/")
    desk.get_by_role("link", name="Ask for changes").click()
    expect(desk.get_by_role("heading", name="Ask the applicants for changes")).to_be_visible()
    desk.get_by_label("At least one letter of support from a non-governmental organisation").check()
    desk.get_by_label("Note to the applicants").fill(
        "The letter of support from Fundación Tribu is not signed. Please send a signed one."
    )
    screenshot(desk, "changes-desk-request-form")
    desk.get_by_role("button", name="Ask for changes").click()
    expect(desk.get_by_text(f"Changes asked of {renca.reference}")).to_be_visible()
    (told,) = mail.outbox
    assert told.to == [owner.email]
    assert "not signed" in told.body

    # The applicant sees the request on every page of the application.
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/applications/{renca.reference}/")
    request_box = page.locator("[data-change-request]")
    expect(request_box).to_contain_text("OGP asks for changes to this application")
    expect(request_box).to_contain_text("is not signed")
    expect(page.locator(".status-badge")).to_have_text("Changes requested")
    screenshot(page, "changes-applicant-application")
    assert_accessible(page, "changes-applicant-application")
    request_box.get_by_role(
        "link", name="At least one letter of support from a non-governmental organisation"
    ).click()
    expect(page.get_by_role("heading", name="Letters", exact=True)).to_be_visible()
    expect(page.locator("[data-change-request]")).to_be_visible()

    # Fixes the letter: uploads the signed one, after the call's deadline would not matter.
    signed = tmp_path / "carta-firmada.pdf"
    signed.write_bytes(samples.pdf("Fundación Tribu, signed: we support Municipality of Renca."))
    field(page, "Kind").select_option("civil_society")
    field(page, "Author organisation").fill("Fundación Tribu")
    field(page, "Signed by").fill("Tomás González")
    field(page, "Signatory's position").fill("President")
    fill_date(page, "Date signed", "2026-11-20")
    field(page, "Language of the letter").select_option("es")
    field(page, "Letter (PDF, or a scan as JPEG or PNG)").set_input_files(str(signed))
    page.get_by_role("button", name="Upload the letter").click()
    expect(page.get_by_text("Tomás González").first).to_be_visible()
    # ... and withdraws the unsigned one.
    unsigned = page.locator("li[data-letter]", has_text="Civil-society letter of support").filter(
        has_text="Claudia Pérez"
    )
    unsigned.get_by_role("button", name="Withdraw").click()
    expect(
        page.locator("li[data-letter]", has_text="Civil-society letter of support")
    ).to_have_count(1)
    screenshot(page, "changes-applicant-letters")

    # Resubmits.
    page.goto(f"{live_server.url}/applications/{renca.reference}/submit/")
    page.get_by_label(
        "The information in this application is accurate and the letters are genuine."
    ).check()
    page.get_by_role("button", name="Resubmit the application").click()
    expect(page.locator(".status-badge").first).to_have_text("Submitted")
    expect(page.locator("[data-change-request]")).to_have_count(0)
    screenshot(page, "changes-applicant-resubmitted")

    renca.refresh_from_db()
    assert renca.status == ApplicationStatus.SUBMITTED
    assert renca.candidacy.stage == "completeness"
    wait_for(
        lambda: renca.packets.filter(status=PacketStatus.READY, version=2).exists(),
        what="the new packet",
    )
    assert renca.packets.count() == 2

    # The desk shows the request resolved, and the history has every step.
    desk.goto(f"{live_server.url}/admin/applications/changerequest/")
    expect(desk.locator("#result_list tbody tr")).to_have_count(1)
    expect(desk.locator("td.field-answer")).to_have_text("Resubmitted by the applicants")
    screenshot(desk, "changes-desk-list")
    desk_context.close()


def test_an_extension_lets_one_applicant_submit_after_the_deadline_and_not_another(
    live_server, browser, page, screenshot, transactional_db
):
    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    call = call_with_criteria(title="OGP Local 2027 call")
    renca = complete_application(
        ApplicationFactory(call=call, lead_government__name="Municipality of Renca")
    )
    lima = complete_application(
        ApplicationFactory(
            call=call, lead_government__name="Municipality of Lima", lead_government__country="PE"
        )
    )
    renca_owner, lima_owner = renca.editors.get().user, lima.editors.get().user
    # The call's deadline passes.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(hours=1))

    desk_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    desk = desk_context.new_page()
    log_into_admin(desk, live_server.url, coordinator)
    desk.goto(f"{live_server.url}/admin/applications/application/{renca.pk}/change/")
    desk.get_by_role("link", name="Extend the deadline").click()
    expect(desk.get_by_role("heading", name="Extend one application's deadline")).to_be_visible()
    new_deadline = timezone.localtime() + timedelta(days=3)
    desk.locator("#id_deadline_0").fill(new_deadline.strftime("%Y-%m-%d"))
    desk.locator("#id_deadline_1").fill("17:00:00")
    desk.get_by_label("Reason").fill("The town hall was flooded for a week.")
    screenshot(desk, "extension-desk-form")
    desk.get_by_role("button", name="Extend the deadline").click()
    expect(
        desk.get_by_text(re.compile(rf"{renca.reference} may now be submitted until"))
    ).to_be_visible()
    desk_context.close()

    # Renca submits after the call's deadline.
    log_in(page, live_server, renca_owner)
    page.goto(f"{live_server.url}/applications/{renca.reference}/")
    expect(page.locator("[data-deadline]")).to_contain_text(
        "OGP extended the deadline for this application."
    )
    expect(page.locator("[data-deadline]")).to_contain_text("UTC")
    screenshot(page, "extension-applicant-application")
    page.goto(f"{live_server.url}/applications/{renca.reference}/submit/")
    page.get_by_label(
        "The information in this application is accurate and the letters are genuine."
    ).check()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator(".status-badge").first).to_have_text("Submitted")
    renca.refresh_from_db()
    assert renca.status == ApplicationStatus.SUBMITTED

    # Lima, without an extension, is refused.
    lima_context = browser.new_context(locale="en-US")
    lima_page = lima_context.new_page()
    log_in(lima_page, live_server, lima_owner)
    lima_page.goto(f"{live_server.url}/applications/{lima.reference}/submit/")
    expect(
        lima_page.get_by_text("The call has closed; the application can no longer be submitted.")
    ).to_be_visible()
    expect(lima_page.get_by_role("button", name="Submit the application")).to_have_count(0)
    screenshot(lima_page, "extension-other-refused")
    lima.refresh_from_db()
    assert lima.status == ApplicationStatus.DRAFT
    lima_context.close()
