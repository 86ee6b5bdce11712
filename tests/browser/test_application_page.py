"""The application's page on the desk, as a coordinator (English and Spanish) and as a reviewer:
its letters, partners, answers, reviewers, editors, change requests, extensions and history are
shown, the page passes axe-core, and a coordinator still assigns a reviewer on it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import ChangeRequest, Extension
from reviews.models import Assignment
from tests.browser.axe import FAILING_IMPACTS, assert_accessible, run_axe
from tests.browser.staff import in_spanish, log_into_admin
from tests.reviews.factories import (
    make_reviewer,
    renca_assigned_to_rita,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    coordinator, call, application, reviewer = renca_assigned_to_rita()
    now = timezone.now()
    ChangeRequest.objects.create(
        application=application,
        items=["letters"],
        note="The letter of support is not signed.",
        answer_by=now + timedelta(days=14),
        requested_by=coordinator,
        requested_at=now - timedelta(days=20),
        resolved_at=now - timedelta(days=15),
        outcome="resubmitted",
    )
    Extension.objects.create(
        application=application,
        deadline=now - timedelta(days=30),
        reason="The town hall was flooded for a week.",
        granted_by=coordinator,
        granted_at=now - timedelta(days=40),
    )
    return {
        "coordinator": coordinator,
        "reviewer": reviewer,
        "other": make_reviewer("FR", full_name="Otto Other"),
        "application": application,
    }


def _accessible_but_for_the_search_box(page):
    """No serious or critical axe-core violation on the page, except the one that the admin's
    search box script (select2) brings: its text box has no name of its own (known, left to
    Django's admin; the box shows its placeholder)."""
    failing = [
        (violation["id"], node)
        for violation in run_axe(page)["violations"]
        if violation["impact"] in FAILING_IMPACTS
        for node in violation["nodes"]
    ]
    assert [
        (rule, node)
        for rule, node in failing
        if not (rule == "aria-input-field-name" and "reviewer-container" in str(node))
    ] == []


def test_the_application_page_as_a_coordinator(live_server, page, scene, screenshot):
    application = scene["application"]
    log_into_admin(page, live_server.url, scene["coordinator"])
    page.goto(f"{live_server.url}/admin/applications/application/{application.pk}/change/")
    content = page.locator("#content")
    for text in [
        "Fundación Tribu",  # a letter
        "Claudia Pérez, Mayor",  # its signatory
        "Answer to ",  # an answer
        "Rita Reviewer",  # an assigned reviewer
        "The letter of support is not signed.",  # a change request
        "The town hall was flooded for a week.",  # an extension
        "Carla Coordinator",  # who did what, in the history
    ]:
        expect(content).to_contain_text(text)
    screenshot(page, "application-page-coordinator-en")
    _accessible_but_for_the_search_box(page)

    in_spanish(page, scene["coordinator"])
    expect(content).to_contain_text("Cartas")
    expect(content).to_contain_text("Respuestas")
    screenshot(page, "application-page-coordinator-es")
    _accessible_but_for_the_search_box(page)


def test_a_coordinator_assigns_a_reviewer_with_the_search_box_then_removes_them(
    live_server, page, scene, screenshot
):
    application = scene["application"]
    log_into_admin(page, live_server.url, scene["coordinator"])
    page.goto(f"{live_server.url}/admin/applications/application/{application.pk}/change/")
    reviewers = page.locator("#reviewers-panel")
    reviewers.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Otto")
    page.get_by_role("option", name="Otto Other").click()
    reviewers.get_by_role("button", name="Assign").click()
    expect(page.locator(".messagelist")).to_contain_text("Otto Other now reviews")
    expect(reviewers.locator("tbody")).to_contain_text("Otto Other")
    assert Assignment.objects.filter(application=application, reviewer=scene["other"]).exists()

    reviewers.get_by_role("link", name="Remove Otto Other").click()
    expect(page.locator("#content")).to_contain_text("Remove Otto Other from the reviewers of")
    screenshot(page, "remove-reviewer-en")
    assert_accessible(page, "remove-reviewer-en")
    page.get_by_role("button", name="Yes, remove the reviewer").click()
    expect(page.locator(".messagelist")).to_contain_text("Otto Other no longer reviews")
    expect(page.locator("#reviewers-panel tbody")).not_to_contain_text("Otto Other")
    assert not Assignment.objects.filter(application=application, reviewer=scene["other"]).exists()


def test_the_application_page_as_a_reviewer(live_server, page, scene, screenshot):
    application = scene["application"]
    log_into_admin(page, live_server.url, scene["reviewer"])
    page.goto(f"{live_server.url}/admin/applications/application/{application.pk}/change/")
    content = page.locator("#content")
    expect(content).to_contain_text("Fundación Tribu")
    expect(content).to_contain_text("Answer to ")
    # The coordinator's sections are not the reviewer's.
    expect(content).not_to_contain_text("The town hall was flooded for a week.")
    expect(content).not_to_contain_text("The letter of support is not signed.")
    screenshot(page, "application-page-reviewer-en")
    assert_accessible(page, "application-page-reviewer-en")
