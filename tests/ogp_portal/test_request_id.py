"""Every log record carries the request's id, also in the Celery tasks the request queued; in
production each record is one JSON object on one line."""

import json
import logging
import subprocess
import sys

import pytest
from celery.signals import task_prerun

from ogp_portal.request_id import current_request_id, request_id_var
from tests.ogp_portal.production import ROOT, production_env


@pytest.mark.django_db
def test_the_response_names_the_request_id(client):
    given = client.get("/accounts/login/", HTTP_X_REQUEST_ID="proxy-given-id-1234")
    assert given["X-Request-ID"] == "proxy-given-id-1234"
    made = client.get("/accounts/login/")
    assert len(made["X-Request-ID"]) == 32
    # A header that is not an id (here with a line break and spaces) is replaced.
    odd = client.get("/accounts/login/", HTTP_X_REQUEST_ID="bad id\nInjected: yes")
    assert odd["X-Request-ID"] != "bad id\nInjected: yes" and len(odd["X-Request-ID"]) == 32


def test_a_task_queued_by_a_request_logs_under_its_id(celery_worker):
    from packets.tasks import requeue_stuck_packets_task

    seen = []

    def record(**kwargs):
        seen.append(current_request_id())

    task_prerun.connect(record, weak=False)
    token = request_id_var.set("request-abc-12345")
    try:
        requeue_stuck_packets_task.delay().get(timeout=20)
    finally:
        request_id_var.reset(token)
        task_prerun.disconnect(record)
    assert seen == ["request-abc-12345"]
    # After the task, the worker forgets it.
    assert current_request_id() == "-"


def test_production_logs_are_one_json_object_per_line():
    code = (
        "import django, logging; django.setup();"
        "from ogp_portal.request_id import request_id_var;"
        "request_id_var.set('req-12345678');"
        "logging.getLogger('letters').warning('Letter %s refused', 7)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "Letter 7 refused"
    assert record["level"] == "WARNING"
    assert record["logger"] == "letters"
    assert record["request_id"] == "req-12345678"
    assert "time" in record


def test_the_filter_names_no_request_outside_one():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    from ogp_portal.request_id import RequestIdFilter

    assert RequestIdFilter().filter(record) and record.request_id == "-"
