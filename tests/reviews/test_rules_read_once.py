"""reviews.rules.facts_read_once(): while a page is drawn, the rules read each fact about a
reviewer and an application once; outside the block (and in the next one) they read afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import domain
from reviews import rules as review_rules
from tests.factories import login
from tests.reviews.factories import (
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submitted_application,
)

pytestmark = pytest.mark.django_db

PERMISSIONS = [
    "reviews.read_application",
    "reviews.score_application",
    "reviews.see_other_reviews",
    "reviews.declare_conflict",
]


@pytest.fixture
def assigned():
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(country="CL"), coordinator)
    reviewer = make_reviewer("KE")
    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    return reviewer, application


def _answers(reviewer, application):
    with CaptureQueriesContext(connection) as queries:
        answers = [reviewer.has_perm(name, application) for name in PERMISSIONS]
    return answers, len(queries)


def test_the_same_answers_with_each_fact_read_once(assigned):
    reviewer, application = assigned
    _answers(reviewer, application)  # the user's groups and model permissions, kept by Django
    afresh, afresh_queries = _answers(reviewer, application)
    with review_rules.facts_read_once():
        once, once_queries = _answers(reviewer, application)
        again, again_queries = _answers(reviewer, application)

    assert once == afresh == [True, True, False, True]
    assert again == once
    assert afresh_queries > 3  # the rules read the same facts again for each permission
    assert once_queries == 3  # assigned, conflicted, own review submitted
    assert again_queries == 0  # every fact already read in this block


def test_a_change_between_two_blocks_is_seen(assigned):
    reviewer, application = assigned
    with review_rules.facts_read_once():
        assert reviewer.has_perm("reviews.read_application", application)
    domain.declare_conflict(
        application=application, reviewer=reviewer, reason="My former employer."
    )
    with review_rules.facts_read_once():
        assert not reviewer.has_perm("reviews.read_application", application)
    assert not reviewer.has_perm("reviews.read_application", application)


def test_the_scoring_page_reads_each_fact_once(client, assigned):
    reviewer, application = assigned
    login(client, reviewer)
    url = f"/admin/applications/application/{application.pk}/review/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_declare_conflict"] is True
    conflict_reads = [q for q in queries.captured_queries if '"is_declared"' in q["sql"]]
    assert len(conflict_reads) == 1
