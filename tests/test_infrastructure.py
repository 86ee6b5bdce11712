"""The test infrastructure itself: PostgreSQL, a Celery worker on Redis, headless Chromium."""

import pytest
from celery import shared_task
from celery.contrib.testing.tasks import ping  # importing it registers "celery.ping"
from celery.result import EagerResult
from django.contrib.auth.models import Group
from django.db import connection

from tests.browser.axe import run_axe


@shared_task(name="tests.group_names")
def group_names():
    """A test-only task that reads the database from the worker thread."""
    return sorted(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_the_database_is_the_private_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"] == "test_ogp"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.django_db
def test_connections_run_without_postgresql_jit():
    """Issue 25: JIT compiling cost 60-70 ms on a 5 ms search of the desk at 10,000
    applications; the settings turn it off for every connection."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_worker_runs_tasks_from_redis(celery_worker):
    result = ping.delay()
    assert not isinstance(result, EagerResult)  # it went through the broker
    assert result.get(timeout=10) == "pong"


def test_the_worker_sees_the_test_database(celery_worker):
    Group.objects.create(name="seen by the worker")
    assert "seen by the worker" in group_names.delay().get(timeout=10)


@pytest.mark.browser
def test_chromium_shows_a_page_of_the_live_server(live_server, page, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    assert "Sign In" in page.title()
    assert screenshot(page, "infrastructure-admin-login").stat().st_size > 0


@pytest.mark.browser
def test_a_content_security_policy_violation_is_reported(live_server, page):
    """The page fixture's listener hears the browser refuse inline code (so it would fail a
    test whose pages used any)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran === undefined")
    assert any("script-src" in line for line in page.csp_violations), page.csp_violations
    page.csp_violations.clear()


@pytest.mark.browser
def test_an_inline_style_is_reported_outside_axe_runs(live_server, page):
    """Only while axe-core runs (tests/browser/axe.py) are refused inline styles set aside as
    axe's own; the same refusal at any other time is reported."""
    page.goto(f"{live_server.url}/accounts/login/")
    run_axe(page)
    assert not page.csp_violations, page.csp_violations
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert any("style-src-elem" in line for line in page.csp_violations), page.csp_violations
    page.csp_violations.clear()
