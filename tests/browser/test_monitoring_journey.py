"""Independent monitoring, end to end: the Support Unit invites a monitor from the desk; the
monitor files an inception assessment and an end-of-commitment assessment, each after the
member's editor has commented on the draft; the Support Unit publishes them; an anonymous
visitor reads them in English and in Spanish."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.forms import field
from tests.browser.staff import log_into_admin
from tests.browser.test_member_journey import admin_action, log_in
from tests.factories import UserFactory
from tests.members.factories import editor_of, published_plan, quick_member
from tests.reviews.factories import make_coordinator

pytestmark = [pytest.mark.browser]


def answer(page, name, yes=True):
    page.locator(f"#div_id_{name}").get_by_label("Yes" if yes else "No", exact=True).check()


def editor_comments(page, base, member, link_name, comment, screenshot=None):
    page.goto(f"{base}/membership/{member.pk}/")
    expect(page.get_by_role("heading", name="Independent monitoring")).to_be_visible()
    if screenshot:
        screenshot(page, "monitoring-member-workspace")
    page.get_by_role("link", name=link_name).click()
    expect(page.get_by_role("heading", name="Comment on the draft")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the assessment")).to_have_count(0)
    field(page, "Your comment to the Monitoring Body").fill(comment)
    page.get_by_role("button", name="Send the comment").click()
    expect(page.get_by_text("Your comment was sent to the Monitoring Body.")).to_be_visible()


def test_the_support_unit_invites_a_monitor_whose_assessments_are_published(
    live_server, browser, page, screenshot, transactional_db
):
    from accounts.roles import ensure_roles

    ensure_roles()
    base = live_server.url
    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    member = quick_member(name="La Paz, Bolivia", editors=[UserFactory(full_name="Ana Quispe")])
    plan = published_plan(member, coordinator, commitments=1)
    editor = editor_of(member)

    # The Support Unit names La Paz's Monitoring Body and invites its evaluator.
    desk = browser.new_context(locale="en-GB").new_page()
    log_into_admin(desk, base, coordinator)
    desk.goto(f"{base}/admin/monitoring/monitoringbody/add/")
    desk.locator("#id_member").select_option(label="La Paz, Bolivia")
    desk.locator("#id_name").fill("Observatorio Ciudadano de Gobierno Abierto")
    # An editor of the member is refused, with the reason.
    desk.locator("#id_invite").fill(editor.email)
    desk.locator("input[name=_continue]").click()
    expect(desk.get_by_text("nobody can be both its editor and its monitor")).to_be_visible()
    desk.locator("#id_invite").fill("milenka@observatorio.example.org")
    desk.locator("input[name=_continue]").click()
    expect(
        desk.get_by_text("An invitation to join was sent to milenka@observatorio.example.org.")
    ).to_be_visible()
    screenshot(desk, "monitoring-desk-body")

    # The evaluator signs up, follows the link and joins.
    link = re.search(r"https?://\S+/monitoring/invitations/\S+/", mail.outbox[-1].body).group(0)
    monitor = browser.new_context(locale="en-GB").new_page()
    log_in(monitor, base, UserFactory(email="milenka@observatorio.example.org"))
    monitor.goto(link)
    expect(monitor.get_by_text("Observatorio Ciudadano de Gobierno Abierto")).to_be_visible()
    monitor.get_by_role("button", name="Accept the invitation").click()
    expect(
        monitor.get_by_text("You now belong to the Monitoring Body of La Paz, Bolivia.")
    ).to_be_visible()
    expect(monitor.get_by_role("heading", name="Process status")).to_be_visible()
    screenshot(monitor, "monitoring-member")

    # The inception assessment: written, commented on by the member, filed.
    monitor.get_by_role("link", name="Write the inception assessment").click()
    field(monitor, "Name of the evaluator").fill("Milenka Villegas")
    for name in ("forum", "endorsement", "page_up_to_date", "civil_society_feedback"):
        answer(monitor, name, yes=name != "page_up_to_date")
        monitor.locator(f"#id_{name}_explanation").fill(f"What we saw about the {name}.")
    field(monitor, "5. Recommendations for the implementation of the plan").fill(
        "Update the OGP page every quarter."
    )
    assert_accessible(monitor, "monitoring-inception-form")
    screenshot(monitor, "monitoring-inception-form")
    monitor.get_by_role("button", name="Save the assessment").click()
    expect(monitor.get_by_text("The assessment was saved.")).to_be_visible()

    log_in(page, base, editor)
    editor_comments(
        page,
        base,
        member,
        f"Inception assessment: {plan.title}",
        "The forum met seven times; the minutes are on our page.",
        screenshot,
    )
    screenshot(page, "monitoring-editor-comment")

    monitor.reload()
    expect(
        monitor.get_by_text("The forum met seven times; the minutes are on our page.")
    ).to_be_visible()
    monitor.get_by_role("button", name="File the assessment with OGP").click()
    expect(
        monitor.get_by_text("The assessment was filed with the OGP Support Unit.")
    ).to_be_visible()

    # The end-of-commitment assessment, in seed 001's structure.
    monitor.get_by_role("link", name="La Paz, Bolivia").first.click()
    monitor.get_by_role(
        "link", name="Write the end-of-commitment assessment of “Commitment 1”"
    ).click()
    field(monitor, "Name of the evaluator").fill("Milenka Villegas")
    monitor.get_by_label("Complete", exact=True).check()
    monitor.locator("#id_progress_explanation").fill("Fourteen university teams took part.")
    monitor.locator("#id_evidence-0-label").fill("Event recap – website")
    monitor.locator("#id_evidence-0-url").fill("https://example.org/recap")
    monitor.locator("#id_factors").fill("Teachers encouraged their students.")
    monitor.get_by_label("All of the commitment milestones were implemented as planned").check()
    monitor.locator("#id_as_planned_explanation").fill("Datasets, call, working groups, event.")
    answer(monitor, "access_to_information")
    monitor.locator("#id_access_to_information_degree").select_option("major")
    monitor.locator("#id_access_to_information_explanation").fill("Better data, an award.")
    answer(monitor, "civic_participation", yes=False)
    answer(monitor, "public_accountability", yes=False)
    answer(monitor, "addressed_problem")
    monitor.locator("#id_addressed_problem_explanation").fill("Students shaped policies.")
    monitor.locator("#id_lessons").fill("Widen the open data catalogues.")
    monitor.get_by_role("button", name="Save the assessment").click()
    expect(monitor.get_by_text("The assessment was saved.")).to_be_visible()

    editor_comments(
        page,
        base,
        member,
        "End-of-commitment assessment: Commitment 1",
        "Fifteen teams registered; fourteen finished.",
    )
    monitor.reload()
    expect(monitor.get_by_text("Fifteen teams registered; fourteen finished.")).to_be_visible()
    screenshot(monitor, "monitoring-assessment-workspace")
    monitor.get_by_role("button", name="File the assessment with OGP").click()
    expect(
        monitor.get_by_text("The assessment was filed with the OGP Support Unit.")
    ).to_be_visible()

    # The Support Unit publishes both.
    for changelist, row in (
        ("/admin/monitoring/inceptionassessment/", plan.title),
        ("/admin/monitoring/endofcommitmentassessment/", "Commitment 1"),
    ):
        admin_action(desk, base, changelist, row, "Publish the selected assessments")
        expect(desk.get_by_text("Published: 1.")).to_be_visible()
    # The desk's process status: the end-of-commitment assessment was filed after its date.
    desk.goto(f"{base}/admin/monitoring/memberprocess/")
    expect(desk.locator("#result_list").get_by_text("La Paz, Bolivia")).to_be_visible()
    screenshot(desk, "monitoring-desk-process")

    # An anonymous visitor reads them, in English and in Spanish.
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{base}/members/{member.pk}/")
    expect(visitor.get_by_role("heading", name="Independent monitoring")).to_be_visible()
    expect(visitor.get_by_text("Observatorio Ciudadano de Gobierno Abierto")).to_be_visible()
    assert_accessible(visitor, "monitoring-member-page")
    screenshot(visitor, "monitoring-member-page")
    visitor.get_by_role("link", name=f"Inception assessment: {plan.title}").click()
    expect(
        visitor.get_by_role("heading", name=re.compile("^1. Did a multi-stakeholder forum"))
    ).to_be_visible()
    expect(visitor.get_by_text("Milenka Villegas")).to_be_visible()
    screenshot(visitor, "monitoring-inception-page")
    visitor.get_by_role("button", name="Español").click()
    expect(
        visitor.get_by_role("heading", name=re.compile("^1. ¿Un foro multiactor"))
    ).to_be_visible()
    expect(visitor.get_by_text("What we saw about the forum.")).to_be_visible()
    screenshot(visitor, "monitoring-inception-page-es")
    visitor.goto(f"{base}/members/{member.pk}/")
    visitor.get_by_role("link", name="Evaluación de fin de compromiso: Commitment 1").click()
    expect(
        visitor.get_by_role("heading", name="Sección 1. Cumplimiento del compromiso")
    ).to_be_visible()
    expect(visitor.get_by_text("Widen the open data catalogues.")).to_be_visible()
    assert_accessible(visitor, "monitoring-end-of-commitment-es")
    screenshot(visitor, "monitoring-end-of-commitment-es")
    visitor.get_by_role("button", name="English").click()
    expect(
        visitor.get_by_role("heading", name="End-of-commitment assessment: Commitment 1")
    ).to_be_visible()
    expect(visitor.get_by_role("link", name="Event recap – website")).to_be_visible()
