"""The desk's lists of change requests and extensions cost the same number of SQL queries at
3 and at 300 rows, and the pipeline flags requests past their date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import ChangeRequest, Extension
from tests.desk.test_admin import bulk_applications, login
from tests.desk.test_query_counts import _queries
from tests.reviews.factories import call_with_criteria, make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow():
    """grow(n): ``n`` applications, each with a change request (past its date for the first
    half) and an extension."""
    call = call_with_criteria()
    reviewers = [make_reviewer("KE")]
    made = []

    def _grow(total):
        new = bulk_applications(call, total - len(made), reviewers, start=len(made))
        now = timezone.now()
        ChangeRequest.objects.bulk_create(
            ChangeRequest(
                application=application,
                items=["contact"],
                note="Name the contact.",
                answer_by=now + timedelta(days=-1 if n % 2 == 0 else 7),
            )
            for n, application in enumerate(new)
        )
        Extension.objects.bulk_create(
            Extension(application=application, deadline=now + timedelta(days=3), reason="Flood")
            for application in new
        )
        made.extend(new)
        return made

    _grow.call = call
    return _grow


@pytest.mark.parametrize(
    "url", ["/admin/applications/changerequest/", "/admin/applications/extension/"]
)
def test_the_lists_cost_the_same_at_3_and_300_rows(client, grow, url):
    login(client, make_coordinator())
    grow(3)
    few, small, _ = _queries(client, url)
    grow(300)
    many, large, _ = _queries(client, url)
    assert len(many) == len(few), "\n".join(q[:150] for q in many)
    assert small.context["cl"].result_count == 3
    assert large.context["cl"].result_count == 300


def test_requests_past_their_date_are_flagged_for_the_coordinator(client, grow):
    login(client, make_coordinator())
    grow(4)  # two past their date
    desk = client.get("/admin/").content.decode()
    assert "Change requests past their date, for your decision" in desk
    overdue = client.get("/admin/applications/changerequest/?waiting=overdue")
    assert overdue.context["cl"].result_count == 2
    assert "Past its date: decide" in overdue.content.decode()
