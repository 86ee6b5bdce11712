"""What makes the desk's lists cheaper at 10,000 applications (issue 25) keeps their answers:
the conflict rule's negation, the reviewer's desk read in one pass, the change list counted
once when nothing narrows it, and one application read once by its change view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk import queries as desk_queries
from reviews import domain
from reviews.conflicts import conflicted, not_conflicted
from reviews.models import Assignment, Review
from tests.desk.test_admin import bulk_applications, login
from tests.reviews.factories import (
    call_with_criteria,
    make_coordinator,
    make_reviewer,
    submit_scores,
)
from tests.reviews.test_conflict_rule import KINDS

pytestmark = pytest.mark.django_db

CHANGE_LIST = reverse("admin:applications_application_changelist")


@pytest.fixture
def scene():
    coordinator = make_coordinator()
    reviewers = [make_reviewer("KE"), make_reviewer("FR")]
    applications = bulk_applications(call_with_criteria(), 6, reviewers)
    return coordinator, reviewers, applications


@pytest.mark.parametrize("kind", KINDS)
def test_not_conflicted_keeps_exactly_the_rows_that_conflicted_excludes(kind, scene):
    coordinator, (reviewer, _other), applications = scene
    Review.objects.filter(assignment__application=applications[2]).delete()  # declarable
    KINDS[kind](applications[2], reviewer, coordinator)
    assignments = Assignment.objects.order_by("pk")

    kept = list(assignments.filter(not_conflicted()).values_list("pk", flat=True))

    assert kept == list(assignments.exclude(conflicted()).values_list("pk", flat=True))
    assert len(kept) == assignments.count() - 1
    assert Assignment.objects.get(application=applications[2], reviewer=reviewer).pk not in kept


def test_the_reviewers_desk_counts_in_its_one_pass_what_the_counts_say(scene):
    coordinator, (reviewer, _other), applications = scene
    Assignment.objects.filter(reviewer=reviewer, application__in=applications[:3]).delete()
    for application in applications[:3]:
        domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    submit_scores(Assignment.objects.get(reviewer=reviewer, application=applications[0]), 4)
    KINDS["editor"](applications[5], reviewer, coordinator)

    rows, counts = desk_queries.reviewer_desk(reviewer)

    assert counts == desk_queries.reviewer_counts(reviewer)
    assert counts["total"] == 5 and counts["submitted"] == 3  # 3 bulk reviews kept, 1 new
    assert applications[5].pk not in [row.application.pk for row in rows]
    assert [row.review_status for row in rows][:2] == ["not_started", "not_started"]
    assert rows[-1].review_status == "submitted"
    assert desk_queries.reviewer_desk(make_reviewer("CL")) == (
        [],
        {"total": 0, "submitted": 0, "drafts": 0},
    )


def _counts(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    return counts, response


def test_the_change_list_counts_its_rows_once_and_a_narrowed_list_its_ids(client, scene):
    coordinator, _reviewers, applications = scene
    login(client, coordinator)

    counts, response = _counts(client, CHANGE_LIST)
    assert len([sql for sql in counts if "applications_application" in sql]) == 1
    assert response.context["cl"].full_result_count == len(applications)

    # Narrowed: the total is counted, the matches are the number of ids read once.
    counts, response = _counts(client, CHANGE_LIST + "?q=" + applications[0].reference)
    assert len([sql for sql in counts if "applications_application" in sql]) == 1
    assert response.context["cl"].result_count == 1
    assert response.context["cl"].full_result_count == len(applications)
    assert "1 result (<a href" in response.content.decode()


def test_the_rows_link_to_their_own_application(client, scene):
    coordinator, _reviewers, applications = scene
    login(client, coordinator)

    body = client.get(CHANGE_LIST).content.decode()

    for application in applications:
        url = reverse("admin:applications_application_change", args=[application.pk])
        assert f'<a href="{url}">{application.reference}</a>' in body


def test_the_change_view_reads_its_application_once_not_once_per_reviewer(client, scene):
    coordinator, _reviewers, applications = scene
    login(client, coordinator)
    url = reverse("admin:applications_application_change", args=[applications[0].pk])
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "applications_application"."id"')
        and f'"applications_application"."id" = {applications[0].pk}' in q["sql"]
    ]
    assert len(reads) == 1, reads
    assert "reviews_review" not in reads[0]  # not the list's review counts
