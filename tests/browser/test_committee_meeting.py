"""A meeting of the selection committee: reviewers discuss an application, the coordinator
shortlists while the cohort's counts change, sets targets, records each decision with its
reason and feedback, releases them, and every applicant receives the feedback in their own
language with the invitation to the community of practice. The charts of the call and of its
public page are read through their data tables and checked by axe-core."""

import re
import time

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from committee import domain as committee_domain
from reviews import domain
from reviews.models import Decision
from tests.browser.axe import assert_accessible
from tests.browser.staff import log_into_admin
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def wait_for(condition, timeout=30.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited too long for {what}"
        time.sleep(0.1)


def cells(page, table_id):
    """The rows of a table as lists of cell texts."""
    return [
        [" ".join(text.split()) for text in row.locator("th, td").all_inner_texts()]
        for row in page.locator(f"#{table_id} tbody tr").all()
    ]


def test_a_committee_meeting(
    live_server, browser, page, celery_worker, screenshot, transactional_db
):
    coordinator = make_coordinator(email="coordinator@ogp.example.org", full_name="Joseph Okello")
    rosa = make_reviewer("KE", email="rosa@ogp.example.org", full_name="Rosa Mendes")
    claire = make_reviewer("FR", email="claire@ogp.example.org", full_name="Claire Martin")
    call = call_with_criteria(title="OGP Local 2026 call")
    renca = submitted_application(
        call=call, country="CL", name="Municipality of Renca", language="es"
    )
    dakar = submitted_application(call=call, country="SN", name="Ville de Dakar", language="fr")
    quezon = submitted_application(call=call, country="PH", name="Quezon City", language="en")
    for application, (rosa_score, claire_score) in (
        (renca, (5, 4)),
        (dakar, (4, 4)),
        (quezon, (2, 3)),
    ):
        into_committee_review(application, coordinator)
        for user, value in ((rosa, rosa_score), (claire, claire_score)):
            assignment = domain.assign_reviewer(
                application=application, reviewer=user, assigned_by=coordinator
            )
            submit_scores(assignment, value)
    committee_domain.write_comment(
        application=renca, author=claire, text="The letters are signed by the mayor herself."
    )

    # Rosa reads the discussion of Renca and adds a comment the applicant may read.
    reviewer_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    reviewer_page = reviewer_context.new_page()
    log_into_admin(reviewer_page, live_server.url, rosa)
    reviewer_page.goto(f"{live_server.url}/admin/applications/application/{renca.pk}/change/")
    # Claire's comment told Rosa and the coordinator (the worker sends it): wait for those two
    # notices before counting the notices of Rosa's, or a late one would be counted with hers.
    wait_for(
        lambda: sum("New comment" in message.subject for message in mail.outbox) == 2,
        what="the first comment's notices",
    )
    mail.outbox.clear()
    reviewer_page.get_by_role("link", name="Read and add to the discussion").click()
    expect(
        reviewer_page.get_by_text("The letters are signed by the mayor herself.")
    ).to_be_visible()
    reviewer_page.get_by_label("Your comment").fill(
        "Describan cómo el consejo juvenil seguirá el plan de acción."
    )
    reviewer_page.get_by_label("The applicant may read this comment (without my name)").check()
    reviewer_page.get_by_role("button", name="Add the comment").click()
    expect(reviewer_page.get_by_text("Your comment is added; the others are told.")).to_be_visible()
    expect(reviewer_page.get_by_text("the applicant may read it")).to_be_visible()
    screenshot(reviewer_page, "committee-discussion")
    assert_accessible(reviewer_page, "committee-discussion")
    wait_for(lambda: len(mail.outbox) == 2, what="the discussion notices")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [claire.email, coordinator.email]
    )
    reviewer_context.close()

    # The coordinator opens the meeting from the ranking and records who is there.
    log_into_admin(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/admin/reviews/rankedapplication/?call__id__exact={call.pk}")
    page.get_by_role("link", name="Selection committee meeting").click()
    expect(page.get_by_role("heading", name="Selection committee meeting: OGP Local 2026 call"))
    for person in ("Joseph Okello", "Rosa Mendes", "Claire Martin"):
        page.get_by_label(person).check()
    page.get_by_role("button", name="Record who is here").click()
    expect(page.get_by_text("Who is in the meeting is recorded for the minutes.")).to_be_visible()
    expect(page.locator("#cohort-total")).to_have_text("0 shortlisted of 3 candidates")
    ranked = [
        text.split("\n")[0] for text in page.locator("#meeting-rows tbody th").all_inner_texts()
    ]
    assert ranked == ["Municipality of Renca", "Ville de Dakar", "Quezon City"]

    # Shortlisting changes the counts beside the ranking, with warnings as it goes.
    page.get_by_role("button", name="Shortlist Municipality of Renca").click()
    expect(page.locator("#cohort-total")).to_have_text("1 shortlisted of 3 candidates")
    assert cells(page, "cohort-region")[1] == ["Americas", "1", "–", "1"]
    expect(page.locator("#cohort-warnings")).to_contain_text(
        "No candidate from Africa and the Middle East is shortlisted, though 1 applied."
    )
    page.get_by_role("button", name="Shortlist Ville de Dakar").click()
    expect(page.locator("#cohort-total")).to_have_text("2 shortlisted of 3 candidates")
    assert cells(page, "cohort-region")[0] == ["Africa and the Middle East", "1", "–", "1"]
    expect(page.locator("#cohort-warnings")).to_contain_text(
        "Chile has 1 of the 2 shortlisted applications, more than 25%."
    )
    screenshot(page, "committee-meeting-warnings")

    # The coordinator sets the cohort's targets: the warnings about shares go, the one
    # about a region left out stays.
    page.get_by_role("link", name="Cohort targets").click()
    page.get_by_label("Cohort size").fill("2")
    page.get_by_label("Largest share of one country (%)").fill("50")
    page.locator("#id_target__region__americas").fill("1")
    page.locator("#id_target__region__asia_pacific").fill("1")
    screenshot(page, "committee-targets")
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("The cohort's targets are saved.")).to_be_visible()
    expect(page.locator("#cohort-warnings li")).to_have_text(
        ["No candidate from Asia and the Pacific is shortlisted, though 1 applied."]
    )
    assert cells(page, "cohort-region")[2] == [
        "Asia and the Pacific",
        "0",
        "1 (below target) ↓",
        "1",
    ]
    screenshot(page, "committee-meeting")
    assert_accessible(page, "committee-meeting")

    # Each decision with its reason; the feedback starts from the shareable comment.
    decisions = [
        (
            renca,
            "Admitted",
            "Un compromiso político claro y un consejo juvenil activo.",
            None,
        ),
        (
            dakar,
            "Admitted",
            "Engagement clair de la mairie et de la société civile.",
            "Précisez le calendrier de co-création avec les associations de quartier.",
        ),
        (
            quezon,
            "Not admitted",
            "The term ends too soon after the deadline.",
            "Apply again after the elections: the track record is strong.",
        ),
    ]
    for application, outcome, reason, feedback in decisions:
        name = application.lead_government.name
        page.get_by_role("link", name=f"Decide on {name}").click()
        if feedback is None:
            expect(page.get_by_label("Feedback to the applicant")).to_have_value(
                "Describan cómo el consejo juvenil seguirá el plan de acción."
            )
        else:
            page.get_by_label("Feedback to the applicant").fill(feedback)
        page.get_by_label(outcome, exact=True).check()
        page.get_by_label("The committee's reason").fill(reason)
        if application == renca:
            screenshot(page, "committee-decision")
            assert_accessible(page, "committee-decision")
        page.get_by_role("button", name="Record the decision").click()
        expect(
            page.get_by_text(
                f"The decision on {application.reference} is recorded with its reason."
            )
        ).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Minutes (PDF)").click()
    with open(download.value.path(), "rb") as minutes:
        assert minutes.read(5) == b"%PDF-"

    mail.outbox.clear()
    page.get_by_role("button", name="Release them and send the e-mails").click()
    expect(
        page.get_by_text("3 decisions are released; the e-mails are on their way.")
    ).to_be_visible()
    wait_for(
        lambda: Decision.objects.filter(emailed_at__isnull=False).count() == 3,
        what="the decision e-mails",
    )
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    renca_body = by_recipient[renca.owner_user.email]
    assert (
        "Retroalimentación del comité de selección:\n\n"
        "Describan cómo el consejo juvenil seguirá el plan de acción." in renca_body
    )
    assert "comunidad de práctica de OGP Local" in renca_body
    dakar_body = by_recipient[dakar.owner_user.email]
    assert "Retour du comité de sélection :\n\nPrécisez le calendrier de co-création" in dakar_body
    assert "communauté de pratique d'OGP Local" in dakar_body
    quezon_body = by_recipient[quezon.owner_user.email]
    assert (
        "Feedback from the selection committee:\n\nApply again after the elections" in quezon_body
    )
    assert "Whatever the decision, you are welcome in OGP Local's community of practice" in (
        quezon_body.replace("\n", " ")
    )

    # The call's charts: each read through its data table, the page checked by axe-core.
    page.get_by_role("link", name="Charts").click()
    expect(page.locator("#chart-funnel svg title")).to_have_text("How far the applications went")
    assert cells(page, "chart-funnel-data")[-1] == ["Decided", "3"]
    assert cells(page, "chart-by-region-data") == [
        ["Africa and the Middle East", "1"],
        ["Americas", "1"],
        ["Asia and the Pacific", "1"],
        ["Europe", "0"],
    ]
    assert sorted(cells(page, "chart-reviewers-data")) == [
        ["Claire Martin", "3.67", "3.67"],
        ["Rosa Mendes", "3.67", "3.67"],
    ]
    criterion = call.criteria.order_by("position", "id").first()
    assert cells(page, f"chart-scores-{criterion.pk}-data") == [
        ["1", "0"],
        ["2", "1"],
        ["3", "1"],
        ["4", "3"],
        ["5", "1"],
    ]
    screenshot(page, "committee-charts")
    assert_accessible(page, "committee-charts")

    # Once the results are published, the call's public page shows its figures.
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    assert cells(page, "chart-results-data") == [
        ["Submitted", "3"],
        ["Admitted", "2"],
        ["Not admitted", "1"],
        ["Waitlisted", "0"],
    ]
    assert cells(page, "chart-regions-data")[1] == ["Americas", "1"]
    expect(page.locator("#chart-results svg")).to_have_attribute("role", "img")
    screenshot(page, "committee-public-figures")
    assert_accessible(page, "committee-public-figures")
    assert re.search(r"\d", page.locator("#chart-results figcaption").inner_text()) is None
