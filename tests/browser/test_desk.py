"""The desks staff land on at /admin/, in English and Spanish: the reviewer's queue with the
right counts, the coordinator's pipeline whose counts match the lists they link to, both
passing axe-core."""

import re

import pytest
from playwright.sync_api import expect

from reviews import domain
from tests.browser.axe import assert_accessible
from tests.browser.staff import in_spanish, log_into_admin
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    """Three applications in committee review; the reviewer has two, one review submitted."""
    coordinator = make_coordinator(full_name="Carla Coordinator")
    call = call_with_criteria(title="OGP Local 2026")
    applications = [
        into_committee_review(
            submitted_application(call=call, country=country, name=name), coordinator
        )
        for country, name in [
            ("CL", "Municipality of Renca"),
            ("PE", "Municipality of Lima"),
            ("MX", "State of Jalisco"),
        ]
    ]
    reviewer = make_reviewer("KE", full_name="Rita Reviewer")
    other = make_reviewer("FR", full_name="Otto Other")
    first = domain.assign_reviewer(
        application=applications[0], reviewer=reviewer, assigned_by=coordinator
    )
    domain.assign_reviewer(application=applications[1], reviewer=reviewer, assigned_by=coordinator)
    for application in applications:
        domain.assign_reviewer(application=application, reviewer=other, assigned_by=coordinator)
    submit_scores(first, 4)
    decision = domain.record_decision(
        application=applications[2], outcome="admitted", reason="Strong.", by=coordinator
    )
    return {
        "coordinator": coordinator,
        "reviewer": reviewer,
        "applications": applications,
        "decision": decision,
    }


def test_the_reviewers_desk(live_server, page, scene, screenshot):
    log_into_admin(page, live_server.url, scene["reviewer"])
    expect(page.locator("#desk-title")).to_have_text("Your reviews")
    expect(page.get_by_test_id("desk-summary")).to_contain_text("1 of 2 submitted")
    rows = page.locator("#desk-queue tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator('#desk-queue tr[data-review-status="submitted"]')).to_have_count(1)
    expect(page.locator('#desk-queue tr[data-review-status="not_started"]')).to_have_count(1)
    expect(page.locator("#desk-queue")).not_to_contain_text(scene["applications"][2].reference)
    expect(page.locator("#desk-queue")).to_contain_text("Peru")
    expect(page.locator("#desk-queue")).to_contain_text("Committee review")
    packet = page.get_by_role("link", name=f"Packet of {scene['applications'][1].reference}")
    expect(packet).to_have_attribute(
        "href", f"/applications/{scene['applications'][1].reference}/packet/"
    )
    screenshot(page, "desk-reviewer-en")
    assert_accessible(page, "desk-reviewer-en")

    page.get_by_role("link", name="Read the packet and letters, then score.").click()
    expect(page).to_have_url(
        re.compile(rf"/admin/applications/application/{scene['applications'][1].pk}/review/$")
    )

    page.goto(f"{live_server.url}/admin/")
    in_spanish(page, scene["reviewer"])
    expect(page.locator("#desk-title")).to_have_text("Sus revisiones")
    expect(page.get_by_test_id("desk-summary")).to_contain_text("1 de 2 enviadas")
    screenshot(page, "desk-reviewer-es")
    assert_accessible(page, "desk-reviewer-es")


def _listed_count(page):
    """The number of rows the admin change list says it has ("3 applications")."""
    text = page.locator("#changelist .paginator").inner_text()
    return int(re.search(r"\d+", text).group())


def test_the_coordinators_desk_counts_match_their_lists(live_server, page, scene, screenshot):
    log_into_admin(page, live_server.url, scene["coordinator"])
    expect(page.locator("#desk-title")).to_have_text("The review pipeline")
    expect(page.get_by_role("heading", name="OGP Local 2026")).to_be_visible()
    screenshot(page, "desk-coordinator-en")
    assert_accessible(page, "desk-coordinator-en")

    links = page.locator("a[data-desk-count]")
    counts = [
        (links.nth(i).get_attribute("href"), int(links.nth(i).get_attribute("data-desk-count")))
        for i in range(links.count())
    ]
    expected = {
        "status__exact=under_review": 3,
        "candidacy__stage__exact=decision": 1,
        "candidacy__stage__exact=committee_review": 2,
        "released=no": 1,
    }
    for fragment, count in expected.items():
        assert [c for url, c in counts if fragment in url] == [count], fragment
    outstanding = {url: c for url, c in counts if "outstanding=yes" in url}
    assert sorted(outstanding.values()) == [1, 3]  # Rita: 1 of 2 left; Otto: 3 of 3 left
    for url, count in counts:
        page.goto(live_server.url + url)
        assert "e=1" not in page.url, url  # the admin refused a filter
        assert _listed_count(page) == count, url

    page.goto(f"{live_server.url}/admin/")
    in_spanish(page, scene["coordinator"])
    expect(page.locator("#desk-title")).to_have_text("El proceso de revisión")
    screenshot(page, "desk-coordinator-es")
    assert_accessible(page, "desk-coordinator-es")


def test_the_country_filter_lists_only_countries_with_applications(
    live_server, page, scene, screenshot
):
    log_into_admin(page, live_server.url, scene["coordinator"])
    page.goto(f"{live_server.url}/admin/applications/application/")
    countries = page.locator("[data-desk-filter-choice]")
    expect(countries).to_have_count(4)  # "All", Chile, Mexico, Peru
    page.get_by_label("Find").fill("Per")
    expect(page.locator("[data-desk-filter-choice]:visible")).to_have_count(2)
    page.get_by_label("Find").fill("Peru")
    expect(page).to_have_url(re.compile(r"country=PE"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    screenshot(page, "desk-country-filter")
    assert_accessible(page, "desk-country-filter")


def test_the_desk_pages_pass_axe_in_english_and_spanish(live_server, page, scene, screenshot):
    """The pages a reviewer works on, then the coordinator's lists, in both languages."""
    reviewer, coordinator = scene["reviewer"], scene["coordinator"]
    application = scene["applications"][1]
    reviewer_pages = {
        "application": f"/admin/applications/application/{application.pk}/change/",
        "score": f"/admin/applications/application/{application.pk}/review/",
        "conflict": f"/admin/applications/application/{application.pk}/conflict/",
        "applications": "/admin/applications/application/",
    }
    coordinator_pages = {
        "pipeline": "/admin/reviews/candidacy/",
        "assignments": "/admin/reviews/assignment/?outstanding=yes",
        "decisions": "/admin/reviews/decision/?released=no",
        "ranking": "/admin/reviews/rankedapplication/",
        "letter-invitations": "/admin/letters/letterinvitation/?answered=no",
    }
    failures = []
    for user, pages in [(reviewer, reviewer_pages), (coordinator, coordinator_pages)]:
        page.context.clear_cookies()
        log_into_admin(page, live_server.url, user)
        for language in ["en", "es"]:
            user.language = language
            user.save(update_fields=["language"])
            for name, path in pages.items():
                page.goto(live_server.url + path, timeout=60_000)  # a loaded machine
                expect(page.locator("html")).to_have_attribute("lang", language)
                try:
                    assert_accessible(page, f"desk-{name}-{language}")
                except pytest.fail.Exception as failure:
                    screenshot(page, f"desk-{name}-{language}")
                    failures.append(str(failure))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
