"""A municipal officer signs up, builds an application with a partner, and submits it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.enums import ApplicationStatus
from applications.models import Application
from tests.browser.forms import field, fill_date, fill_section_answers
from tests.factories import CallFactory
from tests.letters import samples

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def fill_section(page):
    fill_section_answers(
        page,
        answer="We co-created an open data plan with neighbourhood councils in 2024.",
        words="Climate; gender",
    )
    page.get_by_role("button", name="Save and continue").click()


def upload_letter(page, tmp_path, kind, author, signatory, title):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(
        samples.pdf(f"{author} supports the application of the Municipality of Renca.")
    )
    field(page, "Kind").select_option(kind)
    if kind == "intent":
        field(page, "Government it speaks for").select_option(label="Municipality of Renca")
    field(page, "Author organisation").fill(author)
    field(page, "Signed by").fill(signatory)
    field(page, "Signatory's position").fill(title)
    fill_date(page, "Date signed", "2026-11-20")
    field(page, "Language of the letter").select_option("es")
    field(page, "Letter (PDF, or a scan as JPEG or PNG)").set_input_files(str(path))
    page.get_by_role("button", name="Upload the letter").click()
    expect(page.get_by_text(f"Letter from {author} received.")).to_be_visible()


def test_sign_up_build_and_submit_an_application(
    live_server, page, celery_worker, screenshot, transactional_db, tmp_path
):
    CallFactory(title="OGP Local 2026 call")
    mail.outbox.clear()

    # Sign up and verify the e-mail address from the link that was sent.
    page.goto(f"{live_server.url}/accounts/signup/")
    field(page, "Full name").fill("Carla Rojas")
    field(page, "Email").fill("carla@renca.example.org")
    field(page, "Password").fill("Open-government-2026")
    field(page, "Password (again)").fill("Open-government-2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    verification = mail.outbox[-1]
    assert verification.to == ["carla@renca.example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", verification.body).group(0)
    page.goto(link.replace(link[: link.index("/accounts/")], live_server.url))
    page.locator("main form button[type=submit]").click()

    # Dashboard: start an application for the open call.
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    screenshot(page, "applicant-dashboard-empty")
    page.get_by_role("link", name="Start an application").click()
    field(page, "Name of the government").fill("Municipality of Renca")
    field(page, "Country").select_option("CL")
    field(page, "Level of government").select_option("municipal")
    fill_date(page, "End of the current administration's term", "2029-12-06")
    page.get_by_role("button", name="Create the application").click()
    expect(page.get_by_role("heading", name="Municipality of Renca")).to_be_visible()
    application = Application.objects.get()

    # Add a civil-society consortium partner.
    page.get_by_role("link", name="Add a partner").click()
    field(page, "Name of the organisation").fill("Fundación Tribu")
    field(page, "Type of organisation").select_option("civil_society")
    field(page, "Role in the application").fill("Civil-society ally for co-creation")
    page.get_by_role("button", name="Save the partner").click()
    expect(page.locator("[data-checklist-item=ngo_partner]")).to_have_attribute("data-done", "true")
    expect(page.locator("[data-checklist-item=contact]")).to_have_attribute("data-done", "false")
    screenshot(page, "application-checklist-incomplete")

    # Complete the checklist: details, then every section in turn.
    page.locator("[data-checklist-item=contact]").get_by_role("link", name="Fix this").click()
    field(page, "Population").fill("147151")
    field(page, "Lead office").fill("Municipal Secretary")
    field(page, "Point of contact").fill("Carla Rojas")
    field(page, "Contact e-mail").fill("carla@renca.example.org")
    page.get_by_role("button", name="Save").click()
    first_section = application.call.sections.order_by("position").first()
    page.goto(
        f"{live_server.url}/applications/{application.reference}/sections/{first_section.pk}/"
    )
    for _ in range(application.call.sections.count()):
        fill_section(page)
    expect(page.get_by_role("heading", name="Municipality of Renca")).to_be_visible()

    # Letters: the mayor's letter of intent and the foundation's letter of support.
    page.get_by_role("link", name="Manage letters").click()
    upload_letter(
        page, tmp_path, "intent", "Municipality of Renca", "Claudio Castro Salas", "Mayor"
    )
    upload_letter(page, tmp_path, "civil_society", "Fundación Tribu", "Tomás González", "President")
    page.goto(f"{live_server.url}/applications/{application.reference}/")
    for item in page.locator("[data-checklist-item]").all():
        expect(item).to_have_attribute("data-done", "true")

    # Submit.
    # The step guide and the page's button both lead there.
    # One link to the last step (the guide's), not two of the same name (issue 26).
    review_and_submit = page.get_by_role("link", name="Review and submit", exact=True)
    expect(review_and_submit).to_have_count(1)
    review_and_submit.click()
    page.get_by_label("The information in this application is accurate").check()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator(".status-badge").first).to_have_text("Submitted")
    expect(page.get_by_text("The application is now read-only")).to_be_visible()
    screenshot(page, "application-submitted")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # The worker sends the confirmation to every editor.
    def confirmation_sent():
        return [
            m
            for m in mail.outbox
            if "submitted" in m.subject and m.to == ["carla@renca.example.org"]
        ]

    for _ in range(100):
        if confirmation_sent():
            break
        page.wait_for_timeout(100)
    [confirmation] = confirmation_sent()
    assert application.reference in confirmation.subject
    assert "Municipality of Renca" in confirmation.body
