"""The OpenAPI schema: committed in docs/api/openapi.yaml and regenerated here, so a change to
the API that is not in the committed schema fails; then every GET endpoint of the schema is
read and its answer validated against the schema (objects may carry no field it does not
name)."""

import copy
import os
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from jsonschema import Draft202012Validator

from api.tokens import create_token
from tests.api.scene import public_world
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
# Generated against PostgreSQL (integer bounds come from the database), as in the tests.
REGENERATE = "UPDATE_OPENAPI=1 make test PYTEST_ARGS='-q tests/api/test_schema.py'"


def generated_schema(tmp_path):
    path = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(path))
    return path.read_text()


def test_the_committed_schema_is_the_generated_one(tmp_path):
    generated = generated_schema(tmp_path)
    if os.environ.get("UPDATE_OPENAPI"):
        COMMITTED.write_text(generated)
    assert generated == COMMITTED.read_text(), (
        f"The API changed and docs/api/openapi.yaml did not: run `{REGENERATE}`."
    )


def strict(schema):
    """Every object that lists its properties allows no others."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def response_validator(document, operation):
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return Draft202012Validator(
        {**schema, "components": document["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def fill(path, values):
    return re.sub(r"\{(\w+)\}", lambda match: str(values[match.group(1)]), path)


def test_every_get_endpoint_answers_as_the_schema_says(client):
    world = public_world()
    coordinator = make_coordinator()
    request = _signed_in_request(coordinator)
    _row, token = create_token(request=request, name="schema test")
    document = strict(yaml.safe_load(COMMITTED.read_text()))
    values = {
        "slug": world["call"].slug,
        "id": None,
        "reference": world["decided"].reference,
    }
    ids = {
        "/api/v1/members/{id}/": world["member"].pk,
        "/api/v1/plans/{id}/": world["plan"].pk,
        "/api/v1/reports/{id}/": world["report"].pk,
    }
    read = []
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        url = fill(path, {**values, "id": ids.get(path)})
        needs_token = {} not in operation.get("security", [{}])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if needs_token else {}
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        body = response.json()
        if "results" in body:
            assert body["results"], f"{url} lists nothing: the scene should give it rows"
        errors = [
            error.message for error in response_validator(document, operation).iter_errors(body)
        ]
        assert errors == [], (url, errors[:3], body)
        if needs_token:
            assert client.get(url).status_code == 401, url
        read.append(path)
    assert len(read) == len(
        [path for path in document["paths"] if "get" in document["paths"][path]]
    )
    assert "/api/v1/review/applications/{reference}/reviews/" in read


def _signed_in_request(user):
    """A request whose session passed the second factor, as allauth records it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    request.session["account_authentication_methods_user"] = str(user.pk)
    request.session["account_authentication_methods"] = [
        {"method": "password", "at": 0},
        {"method": "mfa", "type": "totp", "at": 0},
    ]
    return request
