"""The committee's figures are kept between requests (committee.figures) and renewed as soon
as what they show changes; the meeting and the ranking show as many rows as the coordinator
chooses."""

import re

import pytest
from django.urls import reverse

from committee import domain as committee_domain
from committee import figures
from common.kept import versions
from reviews import domain as reviews_domain
from tests.committee.factories import committee_application
from tests.desk.test_admin import bulk_applications
from tests.desk.test_committee import table_rows
from tests.factories import login
from tests.reviews.factories import make_coordinator, make_reviewer, submit_scores

pytestmark = pytest.mark.django_db


def _charts(html):
    return html.split('id="content-main"')[1].split("</main>")[0]


def test_the_charts_are_drawn_again_once_a_review_is_submitted(client):
    application, coordinator, (first, second) = committee_application(country="CL")
    submit_scores(first, 5)
    login(client, coordinator)
    charts = reverse("committee_charts", args=[application.call_id])
    criterion = application.call.criteria.order_by("position", "id").first()

    before = client.get(charts).content.decode()
    assert table_rows(before, f"chart-scores-{criterion.pk}-data")[2] == ["3", "0"]
    kept = versions(figures.CHARTS)
    again = client.get(charts).content.decode()
    assert _charts(again) == _charts(before) and versions(figures.CHARTS) == kept

    submit_scores(second, 3)

    assert versions(figures.CHARTS) != kept
    after = client.get(charts).content.decode()
    assert table_rows(after, f"chart-scores-{criterion.pk}-data")[2] == ["3", "1"]


def test_the_meeting_counts_a_decision_and_a_shortlist_as_soon_as_they_are_made(client):
    application, coordinator, (first, _second) = committee_application(country="CL")
    submit_scores(first, 4)
    login(client, coordinator)
    meeting = reverse("committee_meeting", args=[application.call_id])
    page = client.get(meeting).content.decode()
    assert "0 decisions are recorded and not released yet." in page
    assert table_rows(page, "cohort-region")[1] == ["Americas", "0", "–", "1"]

    order, cohort = versions(figures.RANKING), versions(figures.COHORT)
    committee_domain.set_shortlisted(application=application, shortlisted=True, by=coordinator)
    # A shortlist renews the cohort, not the meeting's order (the ranking's window).
    assert versions(figures.RANKING) == order
    assert versions(figures.COHORT) != cohort
    reviews_domain.record_decision(
        application=application, outcome="admitted", reason="Strong plan.", by=coordinator
    )

    page = client.get(meeting).content.decode()
    assert "1 decision is recorded and not released yet." in page
    assert table_rows(page, "cohort-region")[1] == ["Americas", "1", "–", "1"]


def _rows(html, table_id="meeting-rows"):
    return table_rows(html, table_id)


def test_the_coordinator_chooses_how_many_candidates_a_page_shows(client):
    coordinator = make_coordinator()
    reviewers = [make_reviewer("KE"), make_reviewer("FR")]
    call = committee_application(country="CL")[0].call
    bulk_applications(call, 59, reviewers)
    login(client, coordinator)
    meeting = reverse("committee_meeting", args=[call.pk])

    page = client.get(meeting).content.decode()
    assert len(_rows(page)) == 25
    assert "Page 1 of 3" in page
    assert '<strong aria-current="true">25</strong>' in page
    assert '<a href="?n=50">50</a>' in page

    page = client.get(f"{meeting}?n=50&p=2").content.decode()
    assert len(_rows(page)) == 10  # 60 candidates
    assert "Page 2 of 2" in page
    assert 'href="?p=1&amp;n=50"' in page
    ranks = [int(row[0]) for row in _rows(page)]
    assert ranks == sorted(ranks) and ranks[0] >= 26  # ranked over the whole call

    # A shortlist from the second page of 50 comes back to it.
    application = call.applications.get(reference="OGPL-2027-0058")
    response = client.post(
        reverse("committee_shortlist", args=[call.pk, application.pk]),
        {"shortlisted": "1", "p": "2", "n": "50"},
    )
    assert response["Location"] == f"{meeting}?p=2&n=50"

    assert len(_rows(client.get(f"{meeting}?n=7").content.decode())) == 25  # not a choice


def test_the_ranking_shows_as_many_applications_as_chosen(client):
    coordinator = make_coordinator()
    call = committee_application(country="CL")[0].call
    bulk_applications(call, 59, [make_reviewer("KE")])
    login(client, coordinator)
    ranking = reverse("admin:reviews_rankedapplication_changelist")

    page = client.get(f"{ranking}?call__id__exact={call.pk}")
    assert len(page.context["cl"].result_list) == 25
    assert '<strong aria-current="true">25</strong>' in page.content.decode()

    page = client.get(f"{ranking}?call__id__exact={call.pk}&n=50&p=2")
    assert page.status_code == 200
    assert len(page.context["cl"].result_list) == 10
    html = page.content.decode()
    assert re.search(r'<strong aria-current="true">50</strong>', html)
    assert "n=50" in re.search(r'<a href="([^"]*)"[^>]*>1</a>', html).group(1)  # page links
