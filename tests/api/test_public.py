"""The public read API: what the open data publishes, the same records, in the reader's
language, by cursor, filtered, rate-limited."""

import pytest
from django.test import override_settings
from django.urls import reverse

from members import records as member_records
from publication import records as public_records
from tests.api.scene import public_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return public_world()


def test_results_are_the_open_data_records_of_the_call(client, world):
    call = world["call"]
    response = client.get(reverse("api:call-results", kwargs={"slug": call.slug}))

    assert response.status_code == 200
    open_data = client.get(reverse("call_applications_json", kwargs={"slug": call.slug}))
    exported = {row["reference"]: row for row in _json(open_data)["applications"]}
    assert {row["reference"]: row for row in response.json()["results"]} == exported
    assert len(exported) == 2


def _json(response):
    import json

    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def test_results_filter_by_country_status_and_date(client, world):
    url = reverse("api:call-results", kwargs={"slug": world["call"].slug})
    peru = client.get(url, {"country": "PE"}).json()["results"]
    assert [row["lead_government"] for row in peru] == ["Municipality of Lima"]
    assert client.get(url, {"submitted_after": "2999-01-01T00:00:00Z"}).json()["results"] == []
    assert client.get(url, {"status": "draft"}).status_code == 400


def test_an_unpublished_call_has_no_results(client, world):
    from django.utils import timezone

    from tests.reviews.factories import call_with_criteria

    hidden = call_with_criteria()
    response = client.get(reverse("api:call-results", kwargs={"slug": hidden.slug}))
    assert response.status_code == 404
    upcoming = call_with_criteria(opens_at=timezone.now() + timezone.timedelta(days=3))
    slugs = {row["slug"] for row in client.get(reverse("api:call-list")).json()["results"]}
    assert slugs == {world["call"].slug, hidden.slug}
    assert upcoming.slug not in slugs


def test_members_and_commitments_are_the_open_data_records(client, world, rf):
    members = client.get(reverse("api:member-list")).json()["results"]
    absolute = rf.get("/").build_absolute_uri
    assert sorted(members, key=lambda row: row["id"]) == sorted(
        member_records.member_records(absolute), key=lambda row: row["id"]
    )
    commitments = client.get(reverse("api:commitment-list")).json()["results"]
    assert {row["id"] for row in commitments} == {
        row["id"] for row in member_records.commitment_records(absolute)
    }
    assert world["draft_plan"].commitments.exists()
    assert not {row["id"] for row in commitments} & set(
        world["draft_plan"].commitments.values_list("id", flat=True)
    )


def test_only_published_plans_milestones_and_reports(client, world):
    plans = client.get(reverse("api:plan-list")).json()["results"]
    assert [row["id"] for row in plans] == [world["plan"].pk]
    assert (
        client.get(reverse("api:plan-detail", kwargs={"pk": world["draft_plan"].pk})).status_code
        == 404
    )
    milestones = client.get(reverse("api:milestone-list")).json()["results"]
    assert {row["plan"] for row in milestones} == {world["plan"].pk}
    reports = client.get(reverse("api:report-list")).json()["results"]
    assert [row["id"] for row in reports] == [world["report"].pk]
    assert "evaluator_name" not in reports[0]
    assert reports[0]["evidence"] == [
        {"label": "Event recap – website", "url": "https://example.org/recap"}
    ]


def test_filters_of_members_plans_and_milestones(client, world):
    bolivia = client.get(reverse("api:member-list"), {"country": "BO"}).json()["results"]
    assert [row["name"] for row in bolivia] == ["City of La Paz"]
    assert client.get(reverse("api:plan-list"), {"country": "CO"}).json()["results"] == []
    done = client.get(reverse("api:milestone-list"), {"done": "true"}).json()["results"]
    assert done == []


def test_text_in_the_requested_language(client, world):
    call = world["call"]
    call.title_es = "Convocatoria OGP Local"
    call.save()
    url = reverse("api:call-detail", kwargs={"slug": call.slug})

    assert client.get(url, {"lang": "es"}).json()["title"] == "Convocatoria OGP Local"
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.json()["title"] == "Convocatoria OGP Local"
    assert spanish["Content-Language"] == "es"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["title"] == call.title_en


def test_lists_are_paginated_by_cursor(client, world):
    from tests.members.factories import quick_member

    for _index in range(4):
        quick_member()
    first = client.get(reverse("api:member-list"), {"page_size": 3}).json()
    assert len(first["results"]) == 3
    assert "cursor=" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 3
    assert not {row["id"] for row in first["results"]} & {row["id"] for row in second["results"]}


@override_settings(API_THROTTLE_RATES={"anon": "3/minute", "user": "600/minute"})
def test_anonymous_requests_are_rate_limited(client, world):
    url = reverse("api:call-list")
    answers = [client.get(url).status_code for _index in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_open_data_export_is_unchanged_by_the_api_reuse(client, world, rf):
    call = world["call"]
    streamed = list(public_records.application_records(call, rf.get("/").build_absolute_uri))
    assert {row["reference"] for row in streamed} == {
        world["decided"].reference,
        world["pending"].reference,
    }
