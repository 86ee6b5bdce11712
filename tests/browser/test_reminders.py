"""Reminders as their people meet them: an applicant turns one off in Spanish; the reviewer's
queue marks an overdue review; the coordinator's desk counts it and lists what went to whom."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.domain import send_due_reminders, turned_off_kinds
from reminders.enums import ReminderKind
from tests.browser.axe import assert_accessible
from tests.browser.forms import field
from tests.browser.staff import log_into_admin
from tests.factories import PASSWORD, ApplicationFactory, UserFactory
from tests.reviews.factories import (
    renca_assigned_to_rita,
)

pytestmark = pytest.mark.browser


def test_an_applicant_turns_a_reminder_off_in_spanish(
    live_server, page, transactional_db, screenshot
):
    user = UserFactory(language="es", email="ana@lapaz.example")
    ApplicationFactory(owner=user)
    page.goto(f"{live_server.url}/accounts/login/")
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Recordatorios").click()

    expect(page.get_by_role("heading", name="Recordatorios", exact=True)).to_be_visible()
    expect(page.get_by_text("Recordatorios que siguen activos")).to_be_visible()
    draft = page.get_by_label("Postulación en borrador antes del cierre")
    expect(draft).to_be_checked()
    assert_accessible(page, "reminder-preferences")
    screenshot(page, "reminders-preferences-es")
    draft.uncheck()
    page.get_by_role("button", name="Guardar mis preferencias").click()

    expect(page.get_by_text("Se guardaron sus preferencias de recordatorios.")).to_be_visible()
    expect(page.get_by_label("Postulación en borrador antes del cierre")).not_to_be_checked()
    assert turned_off_kinds(user=user) == {ReminderKind.DRAFT_DEADLINE}


@pytest.fixture
def overdue(transactional_db):
    coordinator, call, application, reviewer = renca_assigned_to_rita()
    call.review_deadline = timezone.now() - datetime.timedelta(days=1)
    call.save(update_fields=["review_deadline"])
    send_due_reminders()  # Rita's overdue reminder, the coordinator's digest
    return {"coordinator": coordinator, "reviewer": reviewer, "application": application}


def test_the_reviewer_sees_the_overdue_review(live_server, page, overdue, screenshot):
    log_into_admin(page, live_server.url, overdue["reviewer"])
    row = page.locator('#desk-queue tr[data-overdue="yes"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Overdue: due")
    expect(row).to_contain_text("UTC")
    assert_accessible(page, "reviewer-desk-overdue")
    screenshot(page, "reminders-reviewer-overdue")


def test_the_coordinator_sees_overdue_reviews_and_what_went_to_whom(
    live_server, page, overdue, screenshot
):
    log_into_admin(page, live_server.url, overdue["coordinator"])
    overdue_count = page.locator(".desk-overdue a")
    expect(overdue_count).to_contain_text("1 Reviews overdue")
    screenshot(page, "reminders-coordinator-desk")
    overdue_count.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    page.goto(f"{live_server.url}/admin/reminders/reminder/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#result_list")).to_contain_text("Reviews overdue")
    expect(page.locator("#result_list")).to_contain_text(overdue["reviewer"].email)
    expect(page.locator("#changelist-filter")).to_contain_text("By kind")
    assert_accessible(page, "desk-reminders")
    screenshot(page, "reminders-desk-list")


def test_the_call_page_sets_the_review_deadline_and_reminder_days(
    live_server, page, overdue, screenshot
):
    log_into_admin(page, live_server.url, overdue["coordinator"])
    page.goto(f"{live_server.url}/admin/calls/call/{overdue['application'].call_id}/change/")
    expect(page.locator(".field-review_deadline")).to_contain_text("Review deadline")
    days = page.locator("#reminder_settings-group")
    expect(days).to_contain_text("Reminder days")
    days.locator("#id_reminder_settings-0-review_days").fill("10, 3")
    days.scroll_into_view_if_needed()
    screenshot(page, "reminders-call-page")
    assert_accessible(page, "desk-call-reminder-days")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator("#id_reminder_settings-0-review_days")).to_have_value("10, 3")
