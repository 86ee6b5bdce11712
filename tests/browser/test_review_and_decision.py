"""A reviewer scores an assigned application in the admin; the coordinator sees the ranking
change, records and releases the decision, and the applicants get it in their language."""

import re
import time

import pytest
from django.apps import apps
from django.core import mail
from playwright.sync_api import expect

from applications.enums import ApplicationStatus
from reviews import domain
from reviews.enums import Recommendation
from reviews.models import Decision
from tests.browser.staff import log_into_admin
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.skipif(
        not apps.is_installed("packets"),
        reason="the packets app is not installed: a reviewer has no packet to open",
    ),
]

REVIEWER_SCORES = [5, 4, 5, 4, 5, 4, 5, 4]


def wait_for(condition, timeout=30.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited too long for {what}"
        time.sleep(0.1)


def packet_ready(application):
    from packets.enums import PacketStatus

    return application.packets.filter(status=PacketStatus.READY).exists()


def ranking_row(page, reference):
    return page.locator("#result_list tbody tr", has=page.get_by_role("link", name=reference))


def test_a_reviewer_scores_and_the_coordinator_decides(
    live_server, browser, page, celery_worker, screenshot, transactional_db
):
    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    reviewer = make_reviewer("KE", email="reviewer@ogp.example.org", full_name="Rosa Mendes")
    colleague = make_reviewer("FR", full_name="Claire Martin")
    call = call_with_criteria(title="OGP Local 2026 call")
    renca = submitted_application(
        call=call, country="CL", name="Municipality of Renca", language="es"
    )
    lima = submitted_application(call=call, country="PE", name="Municipality of Lima")
    wait_for(lambda: packet_ready(renca), what="the packet of Renca")
    for application in (renca, lima):
        into_committee_review(application, coordinator)
        for user in (reviewer, colleague):
            domain.assign_reviewer(application=application, reviewer=user, assigned_by=coordinator)
    # The colleague has scored both: Lima fairly, Renca poorly.
    submit_scores(lima.assignments.get(reviewer=colleague), 3)
    submit_scores(
        renca.assignments.get(reviewer=colleague), 2, Recommendation.ADMIT_WITH_CONDITIONS
    )

    # The coordinator's ranking before the reviewer's scores: Lima first, Renca second.
    coordinator_context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}
    )
    desk = coordinator_context.new_page()
    log_into_admin(desk, live_server.url, coordinator)
    desk.locator("tr.model-rankedapplication").get_by_role("link", name="Ranking").click()
    expect(desk.get_by_role("heading", name="Ranking: OGP Local 2026 call")).to_be_visible()
    renca_row = ranking_row(desk, renca.reference)
    expect(renca_row.locator("td.field-mean")).to_have_text("2.00")
    expect(renca_row.locator("td.field-review_progress")).to_have_text("1 of 2")
    expect(renca_row.locator("td.field-position")).to_have_text("2")
    screenshot(desk, "review-ranking-before")

    # The reviewer sees only what is assigned, opens the application and its packet.
    log_into_admin(page, live_server.url, reviewer)
    screenshot(page, "review-reviewer-admin-index")
    page.locator("tr.model-application").get_by_role("link", name="Applications").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    screenshot(page, "review-reviewer-application-list")
    page.get_by_role("link", name=renca.reference).click()
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    expect(page.locator("td.field-kind", has_text="Government letter of intent")).to_be_visible()
    expect(
        page.get_by_text("The other reviewers' scores appear here once you submit your own review.")
    ).to_be_visible()
    screenshot(page, "review-reviewer-application")
    with page.expect_download() as download:
        page.get_by_role("link", name="Open the packet (PDF: answers and every letter)").click()
    assert download.value.suggested_filename.startswith(renca.reference)
    with open(download.value.path(), "rb") as packet:
        assert packet.read(5) == b"%PDF-"

    # The score form: one score and a comment per criterion, a recommendation, a summary.
    page.get_by_role("link", name="Score this application").first.click()
    for criterion, value in zip(call.criteria.order_by("position"), REVIEWER_SCORES, strict=True):
        page.get_by_role("radiogroup", name=criterion.name).get_by_label(
            str(value), exact=True
        ).check()
        page.get_by_label(f"Comment on {criterion.name}").fill(
            f"{criterion.name}: well documented in the letters and answers."
        )
    page.get_by_role("radiogroup", name="Overall recommendation").get_by_label(
        "Admit", exact=True
    ).check()
    page.get_by_label("Summary").fill("A committed mayor, a clear plan and named staff.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    screenshot(page, "review-score-form")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review is submitted.")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Claire Martin")).to_be_visible()
    screenshot(page, "review-reviewer-after-submitting")

    # The coordinator's ranking now: Renca's mean moved up, and both reviews are in.
    desk.reload()
    renca_row = ranking_row(desk, renca.reference)
    expected_mean = (2 * 8 + sum(REVIEWER_SCORES)) / 16
    expect(renca_row.locator("td.field-mean")).to_have_text(f"{expected_mean:.2f}")
    expect(renca_row.locator("td.field-review_progress")).to_have_text("2 of 2")
    expect(renca_row.locator("td.field-spread_display")).to_contain_text("⚠")
    expect(renca_row.locator("td.field-position")).to_have_text("1")
    screenshot(desk, "review-ranking-after")

    # Record the decision and release it.
    mail.outbox.clear()
    renca_row.get_by_role("link", name="Record a decision").click()
    desk.get_by_label("Admitted", exact=True).check()
    desk.get_by_label("Reason").fill(
        "Un compromiso político claro y una sólida trayectoria de presupuestos participativos."
    )
    screenshot(desk, "review-decision-form")
    desk.get_by_role("button", name="Save and release to the applicants").click()
    expect(desk.get_by_text(re.compile(r"The decision on .* is released"))).to_be_visible()
    screenshot(desk, "review-decision-released")

    wait_for(
        lambda: Decision.objects.filter(application=renca, emailed_at__isnull=False).exists(),
        what="the decision e-mail",
    )
    (message,) = mail.outbox
    assert message.to == [renca.owner_user.email]
    assert message.subject == (
        f"[OGP Local] decisión sobre la postulación de Municipality of Renca ({renca.reference})"
    )
    assert "ha sido admitido/a en OGP Local" in message.body
    assert "sólida trayectoria de presupuestos participativos" in message.body
    renca.refresh_from_db()
    assert renca.status == ApplicationStatus.DECIDED
    coordinator_context.close()
