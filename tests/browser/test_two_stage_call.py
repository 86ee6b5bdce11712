"""A two-stage call in the browser: the coordinator shortlists an expression of interest on the
desk; its applicant, invited by e-mail, opens the full application with the first-stage answers
already in it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications import domain
from calls.models import Call, Question
from tests.browser.forms import field
from tests.browser.staff import log_into_admin
from tests.factories import PASSWORD, ApplicationFactory, complete_application
from tests.reviews.factories import call_with_criteria, make_coordinator

pytestmark = [pytest.mark.browser]


def test_from_expression_of_interest_to_full_application(
    live_server, browser, page, screenshot, transactional_db
):
    now = timezone.now()
    eoi = call_with_criteria(
        title="OGP Local 2027: expressions of interest",
        opens_at=now - timedelta(days=40),
        closes_at=now + timedelta(days=1),
    )
    full_call = call_with_criteria(
        title="OGP Local 2027: full applications",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=45),
        expression_of_interest=eoi,
    )
    first_questions = {q.text: q for q in Question.objects.filter(section__call=eoi)}
    for question in Question.objects.filter(section__call=full_call):
        question.carried_from = first_questions[question.text]
        question.save(update_fields=["carried_from"])
    renca = complete_application(
        ApplicationFactory(call=eoi, lead_government__name="Municipality of Renca")
    )
    owner = renca.editors.get().user
    domain.submit_application(application=renca, user=owner, acknowledge_term_warning=True)
    first_answer = renca.answers.select_related("question").order_by("question__position").first()
    Call.objects.filter(pk=eoi.pk).update(closes_at=now - timedelta(hours=2))
    mail.outbox.clear()

    # The coordinator shortlists Renca from the expressions of interest on the desk.
    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    desk_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    desk = desk_context.new_page()
    log_into_admin(desk, live_server.url, coordinator)
    desk.goto(f"{live_server.url}/admin/applications/application/?call__id__exact={eoi.pk}")
    desk.locator(
        "#result_list tbody tr", has=desk.get_by_role("link", name=renca.reference)
    ).locator("input.action-select").check()
    desk.locator("select[name=action]").select_option("invite_selected_to_full_application")
    screenshot(desk, "two-stage-desk-shortlist")
    desk.get_by_role("button", name="Go").click()
    expect(
        desk.get_by_text(re.compile(r"1 applicant invited to the full application"))
    ).to_be_visible()
    desk_context.close()

    (invitation,) = mail.outbox
    assert invitation.to == [owner.email]
    assert "OGP Local 2027: full applications" in invitation.subject
    path = re.search(r"/applications/OGPL-[0-9-]+/", invitation.body).group(0)

    # The applicant opens the full application: the first-stage answers are already there.
    page.goto(f"{live_server.url}/accounts/login/")
    field(page, "Email").fill(owner.email)
    field(page, "Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", name="Municipality of Renca")).to_be_visible()
    expect(page.get_by_text("OGP Local 2027: full applications").first).to_be_visible()
    expect(page.get_by_text(first_answer.value).first).to_be_visible()
    expect(page.locator(".status-badge").first).to_have_text("Draft")
    screenshot(page, "two-stage-full-application")
    full = renca.full_application
    assert full.call == full_call
    assert full.answers.count() == renca.answers.count()
