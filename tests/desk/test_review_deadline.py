"""The call's review deadline: set on the call's page with the reminder days, marked on the
reviewer's queue and counted on the coordinator's desk once a review is overdue."""

import datetime

import pytest
from django.utils import timezone

from calls.formatting import with_time_zone
from reminders.models import CallReminderSettings
from tests.desk.html_forms import form_values
from tests.desk.test_admin import desk, login  # noqa: F401 (fixture)
from tests.desk.test_desk import _count_links
from tests.reviews.factories import call_with_criteria, make_coordinator, submit_scores

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def test_a_coordinator_sets_the_review_deadline_and_reminder_days_on_the_call_page(client):
    login(client, make_coordinator())
    call = call_with_criteria()
    url = f"/admin/calls/call/{call.pk}/change/"
    page = client.get(url)
    assert "Reviewers submit their reviews by this moment" in page.content.decode()
    assert page.content.decode().count("Times are in UTC.") == 4  # every moment of the call
    data = form_values(page, "call_form")
    # The same moment as the close, written as the page writes it.
    data["review_deadline_0"], data["review_deadline_1"] = data["closes_at_0"], data["closes_at_1"]
    data["reminder_settings-0-review_days"] = "ten"

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Write whole numbers of days separated by commas" in refused.content.decode()
    call.refresh_from_db()
    assert call.review_deadline is None

    data["reminder_settings-0-review_days"] = "2, 10"
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.review_deadline == call.closes_at
    assert CallReminderSettings.objects.get(call=call).days("review") == [10, 2]
    assert CallReminderSettings.objects.get(call=call).days("draft") == [14, 3, 1]


def test_overdue_reviews_are_marked_on_both_desks(client, desk):  # noqa: F811
    call = desk["call"]
    call.review_deadline = timezone.now() + datetime.timedelta(days=3)
    call.save(update_fields=["review_deadline"])

    login(client, desk["reviewer"])
    html = client.get(INDEX).content.decode()
    assert f"Due {with_time_zone(call.review_deadline)}" in html
    assert with_time_zone(call.review_deadline).endswith("UTC")
    assert 'data-overdue="yes"' not in html

    call.review_deadline = timezone.now() - datetime.timedelta(hours=1)
    call.save(update_fields=["review_deadline"])
    html = client.get(INDEX).content.decode()
    assert 'data-overdue="yes"' in html
    assert f"Overdue: due {with_time_zone(call.review_deadline)}" in html

    client.logout()
    login(client, desk["coordinator"])
    html = client.get(INDEX).content.decode()
    assert f"Review deadline: {with_time_zone(call.review_deadline)}" in html
    (overdue,) = [(url, n) for url, n in _count_links(html) if "outstanding=overdue" in url]
    assert overdue[1] == 1
    listing = client.get(overdue[0])
    assert listing.context["cl"].result_count == 1

    submit_scores(desk["assignment"], 4)
    (overdue,) = [
        (url, n)
        for url, n in _count_links(client.get(INDEX).content.decode())
        if "outstanding=overdue" in url
    ]
    assert overdue[1] == 0
    client.logout()
    login(client, desk["reviewer"])
    assert 'data-overdue="yes"' not in client.get(INDEX).content.decode()
