"""After admission: the member drafts an action plan, the coordinator returns it with a comment,
the member fixes and resubmits, the coordinator publishes (the PDF is rendered by the worker);
the member files an end-of-commitment report, the coordinator publishes it, and an anonymous
visitor finds it from the member list, in English and in Spanish."""

import re
import time

import pytest
from playwright.sync_api import expect

from members.enums import Status
from members.models import ActionPlan, EndOfCommitmentReport
from tests.browser.axe import assert_accessible
from tests.browser.forms import field, fill_date
from tests.browser.staff import log_into_admin
from tests.factories import PASSWORD
from tests.members.factories import admitted_member, editor_of
from tests.reviews.factories import make_coordinator

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def wait_for(condition, timeout=30.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited too long for {what}"
        time.sleep(0.2)


def log_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()


def admin_action(page, base_url, changelist, row_text, action_label):
    page.goto(f"{base_url}{changelist}")
    row = page.locator("#result_list tbody tr", has_text=row_text)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.locator("button[name=index]").click()


def fill_commitment(box, title, values):
    field(box, "Title").fill(title)
    field(box, "Problem").fill(f"The problem {title} addresses.")
    field(box, "Action").fill(f"What {title} will do.")
    field(box, "How it contributes to solving the problem").fill("It turns data into policy.")
    for value in values:
        box.get_by_label(value, exact=True).check()
    field(box, "Lead implementing agency").fill("Municipal Planning Secretariat")


def add_milestone(page, commitment_title, milestone, due_on):
    page.get_by_role("link", name=f"Milestones of “{commitment_title}”").click()
    box = page.locator("fieldset.milestone-form").first
    field(box, "Milestone").fill(milestone)
    fill_date(box, "Expected completion", due_on)
    page.get_by_role("button", name="Save the milestones").click()
    expect(page.get_by_text("The milestones were saved.")).to_be_visible()


def test_a_member_from_plan_to_published_report(
    live_server, browser, page, celery_worker, screenshot, transactional_db
):
    base = live_server.url
    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    member = admitted_member(coordinator=coordinator, name="La Paz", country="MX")
    applicant = editor_of(member)

    # The admitted applicant drafts a plan with two commitments.
    log_in(page, base, applicant)
    page.get_by_role("link", name="My membership").click()
    page.get_by_role("link", name="La Paz").click()
    page.get_by_role("link", name="Draft a new action plan").click()
    assert_accessible(page, "members-plan-form")
    field(page, "Title").first.fill("Action plan – La Paz, 2025 – 2026")
    fill_date(page, "Start of the period", "2025-01-01")
    fill_date(page, "End of the period", "2026-12-31")
    field(page, "Co-creation process").fill("Open sessions with civil society and universities.")
    field(page, "Civil-society organisations that took part").fill("UNDP Mexico\nUniversities")
    boxes = page.locator("fieldset.commitment-form")
    fill_commitment(
        boxes.nth(0),
        "Bicentennial Datathon",
        ["Access to information", "Technology and innovation for transparency and accountability"],
    )
    fill_commitment(boxes.nth(1), "Open budget", ["Public accountability"])
    screenshot(page, "members-plan-form")
    page.get_by_role("button", name="Save the action plan").click()
    expect(page.get_by_text("The action plan was saved.")).to_be_visible()
    add_milestone(page, "Bicentennial Datathon", "Prepare the datasets", "2025-03-31")
    add_milestone(page, "Open budget", "Publish the budget data", "2025-06-30")
    assert_accessible(page, "members-plan-workspace")
    page.get_by_role("button", name="Submit the plan to OGP").click()
    expect(page.get_by_text("The action plan was submitted to OGP for review.")).to_be_visible()
    plan = ActionPlan.objects.get(member=member)
    assert plan.status == Status.SUBMITTED
    assert plan.commitments.count() == 2

    # The coordinator returns it with a comment, in the desk.
    desk = browser.new_context(locale="en-GB").new_page()
    log_into_admin(desk, base, coordinator)
    admin_action(
        desk,
        base,
        "/admin/members/actionplan/",
        "Action plan – La Paz",
        "Return the selected action plans with a comment",
    )
    desk.get_by_label("Comment to the member").fill("Add a civil-society actor to Open budget.")
    screenshot(desk, "members-desk-return")
    desk.get_by_role("button", name="Return to the member").click()
    expect(desk.get_by_text("Returned to the member: 1.")).to_be_visible()
    desk.get_by_role("link", name="Action plan – La Paz, 2025 – 2026").click()
    expect(desk.get_by_text("Add a civil-society actor to Open budget.")).to_be_visible()
    screenshot(desk, "members-desk-plan")

    # The member sees the comment, fixes the plan and submits again.
    page.reload()
    expect(page.get_by_text("Add a civil-society actor to Open budget.").first).to_be_visible()
    page.get_by_role("link", name="Edit the plan and its commitments").click()
    field(
        page.locator("fieldset.commitment-form").nth(1),
        "Other actors: civil society, private sector and others",
    ).fill("Fundación Jubileo")
    page.get_by_role("button", name="Save the action plan").click()
    page.get_by_role("button", name="Submit the plan again").click()
    expect(page.get_by_text("The action plan was submitted to OGP for review.")).to_be_visible()

    # The coordinator publishes; the worker renders the PDF.
    admin_action(
        desk,
        base,
        "/admin/members/actionplan/",
        "Action plan – La Paz",
        "Publish the selected action plans",
    )
    expect(desk.get_by_text("Published: 1.")).to_be_visible()
    wait_for(lambda: bool(ActionPlan.objects.get(pk=plan.pk).pdf), what="the plan's PDF")

    # The member files the end-of-commitment report for the datathon.
    page.reload()
    expect(page.locator(".plan-status")).to_have_text("Published")
    # It marks the datathon's milestone done, with its evidence.
    page.get_by_role("link", name="Mark done").first.click()
    fill_date(page, "Done on", "2025-03-28")
    field(page, "Evidence link").fill("https://example.org/datasets")
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_text("The milestone is marked done.")).to_be_visible()
    page.get_by_role(
        "link", name="Write the member's self-report on “Bicentennial Datathon”"
    ).click()
    assert_accessible(page, "members-report-form")
    page.locator("#id_evaluator_name").fill("Milenka Villegas")
    page.locator("#div_id_progress").get_by_label("Complete").check()
    page.locator("#id_progress_explanation").fill("Fourteen university teams took part.")
    page.locator("#id_evidence-0-label").fill("Event recap – website")
    page.locator("#id_evidence-0-url").fill("https://example.org/recap")
    page.locator("#id_factors").fill("Teachers encouraged their students to take part.")
    page.locator("#div_id_as_planned").get_by_label(
        "All of the commitment milestones were implemented as planned"
    ).check()
    page.locator("#id_as_planned_explanation").fill("Datasets, call, working groups, event.")
    page.locator("#div_id_access_to_information").get_by_label("Yes").check()
    page.locator("#id_access_to_information_degree").select_option("major")
    page.locator("#id_access_to_information_explanation").fill("Better data, and an award.")
    page.locator("#div_id_civic_participation").get_by_label("No").check()
    page.locator("#div_id_public_accountability").get_by_label("No").check()
    page.locator("#div_id_addressed_problem").get_by_label("Yes").check()
    page.locator("#id_addressed_problem_explanation").fill("Students shaped policy with data.")
    page.locator("#id_lessons").fill("Widen the open data catalogues.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("The report was saved.")).to_be_visible()
    page.get_by_role("button", name="Submit the report to OGP").click()
    expect(page.get_by_text("The report was submitted to OGP for review.")).to_be_visible()

    # The coordinator publishes the report.
    admin_action(
        desk,
        base,
        "/admin/members/endofcommitmentreport/",
        "Bicentennial Datathon",
        "Publish the selected reports",
    )
    expect(desk.get_by_text("Published: 1.")).to_be_visible()
    assert EndOfCommitmentReport.objects.get().status == Status.PUBLISHED

    # An anonymous visitor finds it from the member list.
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{base}/members/")
    expect(visitor.get_by_role("heading", name="OGP Local members")).to_be_visible()
    assert_accessible(visitor, "members-list")
    screenshot(visitor, "members-list")
    visitor.get_by_role("link", name="La Paz").click()
    expect(visitor.get_by_role("heading", name="La Paz", exact=True)).to_be_visible()
    expect(visitor.get_by_text("1 of 1").first).to_be_visible()
    assert_accessible(visitor, "members-member-page")
    screenshot(visitor, "members-member-page")
    visitor.get_by_role("link", name="Report: Complete").click()
    for heading in (
        "Overview",
        "Section 1. Commitment completion",
        "Section 2. Did it open government?",
        "Section 3. Lessons from implementation",
    ):
        expect(visitor.get_by_role("heading", name=heading)).to_be_visible()
    expect(visitor.get_by_text("Widen the open data catalogues.")).to_be_visible()
    assert_accessible(visitor, "members-report")
    screenshot(visitor, "members-report")
    # The plan page, and its PDF.
    visitor.get_by_role("link", name="Action plan – La Paz, 2025 – 2026").first.click()
    assert_accessible(visitor, "members-plan")
    pdf_url = base + visitor.get_by_role("link", name="Download the PDF").get_attribute("href")
    pdf = visitor.request.get(pdf_url)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    visitor.go_back()

    # In Spanish: labels translated, the member's text as written.
    visitor.get_by_role("button", name="Español").click()
    for heading in (
        "Resumen",
        "Sección 1. Cumplimiento del compromiso",
        "Sección 2. ¿Abrió el gobierno?",
        "Sección 3. Lecciones de la implementación",
    ):
        expect(visitor.get_by_role("heading", name=heading)).to_be_visible()
    expect(visitor.get_by_text("Widen the open data catalogues.")).to_be_visible()
    expect(visitor.get_by_text(re.compile("^Completo$"))).to_be_visible()
    assert_accessible(visitor, "members-report-es")
    screenshot(visitor, "members-report-es")
