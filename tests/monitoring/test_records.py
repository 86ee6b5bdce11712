"""The assessments' open data: only published ones, validated against the JSON Schema written
in docs/open-data.md, and the same rows as CSV."""

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.members.factories import published_plan, quick_member
from tests.monitoring.factories import end_of_commitment, inception, monitor_of, published
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


def documented_schema():
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- assessments-schema -->\s*```json\n(.*?)```", text, re.S).group(1)
    return json.loads(block)


@pytest.fixture
def assessed():
    coordinator = make_coordinator()
    member = quick_member(name="La Paz, Bolivia", editors=[UserFactory()])
    monitor = monitor_of(member, coordinator, body_name="Observatorio Ciudadano")
    plan = published_plan(member, coordinator, commitments=3)
    first, second, third = plan.commitments.order_by("position")
    published(inception(plan, monitor), monitor, coordinator)
    published(end_of_commitment(first, monitor), monitor, coordinator)
    end_of_commitment(second, monitor)  # a draft: never listed
    domain_filed = end_of_commitment(third, monitor)
    from monitoring import domain

    domain.file_assessment(assessment=domain_filed, by=monitor)  # filed, not published
    return member


def test_the_json_follows_the_documented_schema(client, assessed):
    schema = documented_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = client.get(reverse("monitoring:assessments_json")).json()
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [(row["kind"], row["commitment"]) for row in data["assessments"]] == [
        ("inception", None),
        ("end-of-commitment", "Commitment 1"),
    ]
    first, second = data["assessments"]
    assert first["answers"] == {
        "forum": True,
        "endorsement": True,
        "page_up_to_date": False,
        "civil_society_feedback": True,
    }
    assert second["open_government"] == {
        "access_to_information": "major",
        "civic_participation": "no",
        "public_accountability": "no",
    }
    assert second["evaluator"] == "Milenka Villegas"
    assert second["monitoring_body"] == "Observatorio Ciudadano"
    assert client.get(second["url"]).status_code == 200


def test_the_schema_refuses_what_it_should():
    """The schema is a real contract: a wrong kind or an extra field fails it."""
    schema = documented_schema()
    row = {
        "id": 1,
        "kind": "self-report",
        "member_id": 1,
        "member": "x",
        "country": "BO",
        "monitoring_body": None,
        "evaluator": "x",
        "action_plan": "x",
        "commitment": None,
        "published_at": "2026-01-01T00:00:00+00:00",
        "answers": None,
        "progress": None,
        "as_planned": None,
        "open_government": None,
        "addressed_problem": None,
        "evidence": [],
        "url": "https://example.org/",
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "assessments": [row]}, schema)
    jsonschema.validate(
        {"schema_version": 1, "assessments": [{**row, "kind": "inception"}]}, schema
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"schema_version": 1, "assessments": [{**row, "kind": "inception", "notes": ""}]},
            schema,
        )


def test_the_csv_has_the_documented_columns(client, assessed):
    response = client.get(reverse("monitoring:assessments_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "id",
        "kind",
        "member_id",
        "member",
        "country",
        "monitoring_body",
        "evaluator",
        "action_plan",
        "commitment",
        "published_at",
        "answers",
        "progress",
        "as_planned",
        "open_government",
        "addressed_problem",
        "evidence",
        "url",
    ]
    assert len(rows) == 3
    assert rows[1][10] == (
        "forum=yes; endorsement=yes; page_up_to_date=no; civil_society_feedback=yes"
    )
    assert rows[2][13] == (
        "access_to_information=major; civic_participation=no; public_accountability=no"
    )


def test_open_data_queries_do_not_grow_with_assessments(
    client, assessed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get(reverse("monitoring:assessments_json"))
