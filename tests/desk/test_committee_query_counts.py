"""The meeting, the charts and the public call page cost the same number of SQL queries with
10 and with 250 applications in the call (the benchmark, benchmarks/pages.py, times them at
10,000).

Two small sizes show the same flatness the old 100 and 10,000 did: the meeting lists 100 a
page, so 10 fills part of one page and 250 fills full pages and a part-filled last one (a query
per row, per page or per reviewer would differ), and the charts and the call page aggregate in
SQL whatever the size. Nothing a 10,000-row check could catch that these cannot is counted here
(time at scale is the benchmark's)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committee import domain as committee_domain
from committee import figures
from committee.models import ShortlistMark
from tests.desk.test_admin import bulk_applications
from tests.factories import login
from tests.reviews.factories import call_with_criteria, make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

SIZES = (10, 250)


def _queries(client, url):
    """The queries of the page computed afresh (its figures dropped from the cache: the
    applications were made in bulk, which no signal reports), then of the page as kept."""
    counts = []
    figures.forget_all()
    for _time in ("afresh", "kept"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(captured.captured_queries))
    return tuple(counts)


def test_the_committee_pages_cost_the_same_at_10_and_250_applications(client):
    coordinator = make_coordinator()
    reviewers = [make_reviewer("KE"), make_reviewer("FR")]
    call = call_with_criteria()
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    committee_domain.record_attendance(
        call=call, attendees=[coordinator, *reviewers], by=coordinator
    )
    login(client, coordinator)
    urls = {
        "meeting": reverse("committee_meeting", args=[call.pk]),
        "meeting, last page": None,
        "charts": reverse("committee_charts", args=[call.pk]),
        "public call page": reverse("call_detail", args=[call.slug]),
    }
    counts = {}
    made = 0
    for size in SIZES:
        new = bulk_applications(call, size - made, reviewers, start=made)
        made = size
        # A tenth of them shortlisted.
        ShortlistMark.objects.bulk_create(
            ShortlistMark(application=application, marked_by=coordinator)
            for application in new[::10]
        )
        pages = -(-size // 25)
        urls["meeting, last page"] = f"{urls['meeting']}?p={pages}"
        counts[size] = {name: _queries(client, url) for name, url in urls.items()}
    assert counts[SIZES[0]] == counts[SIZES[1]], counts
