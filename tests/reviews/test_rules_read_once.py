"""reviews.rules.facts_read_once: inside the block each fact the rules read is read once and
the answers are those read afresh; outside it every rule reads again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import domain
from reviews.rules import facts_read_once, why_cannot_score
from tests.factories import login
from tests.reviews.factories import (
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submitted_application,
)

pytestmark = pytest.mark.django_db

PERMISSIONS = ["reviews.read_application", "reviews.score_application", "reviews.declare_conflict"]


@pytest.fixture
def assigned():
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(country="CL"), coordinator)
    reviewer = make_reviewer()
    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    return application, reviewer


def answers(reviewer, application):
    return [reviewer.has_perm(name, application) for name in PERMISSIONS] + [
        why_cannot_score(reviewer, application)
    ]


def test_the_rules_answer_the_same_reading_each_fact_once(assigned):
    application, reviewer = assigned
    reviewer.has_perm("reviews.read_application", application)  # the user's groups, read once
    with CaptureQueriesContext(connection) as afresh:
        expected = answers(reviewer, application)
    with CaptureQueriesContext(connection) as once, facts_read_once():
        assert answers(reviewer, application) == expected
    assert expected == [True, True, True, None]
    assert len(once.captured_queries) == 3  # assigned, conflicts, own review submitted
    assert len(afresh.captured_queries) > len(once.captured_queries)


def test_outside_the_block_a_change_is_seen(assigned):
    application, reviewer = assigned
    with facts_read_once():
        assert reviewer.has_perm("reviews.score_application", application)
    domain.declare_conflict(application=application, reviewer=reviewer, reason="My own town.")
    assert not reviewer.has_perm("reviews.score_application", application)
    with facts_read_once():
        assert "conflict" in why_cannot_score(reviewer, application)


def test_the_scoring_page_reads_each_fact_once(client, assigned):
    application, reviewer = assigned
    login(client, reviewer)
    url = f"/admin/applications/application/{application.pk}/review/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_declare_conflict"] is True
    conflict_reads = [q for q in queries.captured_queries if '"is_declared"' in q["sql"]]
    assert len(conflict_reads) == 1
