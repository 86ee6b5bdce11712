"""Every API list costs the same number of queries whatever the number of rows it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.scene import public_world
from tests.factories import UserFactory
from tests.members.factories import published_plan, published_report, quick_member
from tests.publication.test_record import add_public_candidates

pytestmark = pytest.mark.django_db

LISTS = [
    "api:call-list",
    "api:member-list",
    "api:plan-list",
    "api:commitment-list",
    "api:milestone-list",
    "api:report-list",
]


def counts(client, world):
    urls = [reverse(name) for name in LISTS]
    urls.append(reverse("api:call-results", kwargs={"slug": world["call"].slug}))
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = (len(queries.captured_queries), len(response.json()["results"]))
    return result


def grow(world, members):
    from tests.reviews.factories import call_with_criteria

    for _index in range(members):
        member = quick_member(editors=[UserFactory()])
        plan = published_plan(member, world["coordinator"], commitments=2, milestones=2)
        published_report(plan.commitments.order_by("position").first(), world["coordinator"])
        call_with_criteria()
    add_public_candidates(world["call"], members, like=world["decided"])


def test_api_lists_keep_their_query_count_as_rows_grow(client):
    world = public_world()
    few = counts(client, world)

    grow(world, 4)
    more = counts(client, world)

    assert {url: queries for url, (queries, _rows) in more.items()} == {
        url: queries for url, (queries, _rows) in few.items()
    }
    assert all(more[url][1] > few[url][1] for url in few), (few, more)
