"""The ranking's page draws its rows from prepared cells (desk.admin.reviews.ranking_rows),
the same HTML as the admin's own cells, and reads them in the order of the whole filtered call
kept in committee.figures, renewed as soon as what it is made of changes."""

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from applications.enums import ApplicationStatus
from applications.models import Application
from committee import figures
from desk.admin.reviews.ranking_rows import drawn_rows
from reviews import domain
from reviews.enums import DecisionOutcome
from reviews.models import Decision
from tests.committee.factories import committee_application
from tests.desk.test_admin import RANKING, bulk_applications
from tests.factories import login
from tests.reviews.factories import (
    call_with_criteria,
    make_coordinator,
    make_reviewer,
    submit_scores,
)

pytestmark = pytest.mark.django_db


def _every_kind_of_row():
    """A call whose rows show every kind of cell: reviewers who disagree, no review yet, a
    released and an unreleased decision, a stage without a link to decide."""
    disagreed, coordinator, (first, second) = committee_application(country="CL")
    submit_scores(first, 5)
    submit_scores(second, 1)
    call = disagreed.call
    committee_application(call=call, country="FR")  # assigned, nothing submitted
    released, unreleased, decided = bulk_applications(call, 3, [make_reviewer("KE")])
    Decision.objects.create(
        application=released,
        outcome=DecisionOutcome.ADMITTED,
        reason="Strong.",
        decided_by=coordinator,
        released_at=timezone.now(),
        released_by=coordinator,
    )
    domain.record_decision(
        application=unreleased,
        outcome=DecisionOutcome.NOT_ADMITTED,
        reason="Not yet.",
        by=coordinator,
    )
    Application.objects.filter(pk=decided.pk).update(status=ApplicationStatus.DECIDED)
    return call, coordinator, disagreed


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_the_rows_are_the_admins_own_cells(client, language):
    call, coordinator, disagreed = _every_kind_of_row()
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    login(client, coordinator)

    response = client.get(f"{RANKING}?call__id__exact={call.pk}")

    page = response.content.decode()
    changelist = response.context["cl"]
    assert len(changelist.result_list) == 5
    with translation.override(language):
        admins = [list(items_for_result(changelist, row, None)) for row in changelist.result_list]
        drawn = drawn_rows(changelist)
    assert [list(row) for row in drawn] == admins
    for cells in drawn:
        assert "<tr>" + "".join(cells) + "</tr>" in page
    assert page.count('class="large-spread"') == 1
    assert page.count('class="decision-outcome"') == 2
    assert page.count("?application=") == 2  # in review, no decision: a link to decide
    if language == "es":
        assert "Registrar una decisión" in page
    if language == "en":  # what the admin's columns wrote before they were drawn from cells
        at = [row.pk for row in changelist.result_list].index(disagreed.pk)
        rank = changelist.result_list[at].rank
        assert drawn[at] == [
            '<td class="action-checkbox"><input type="checkbox" name="_selected_action"'
            f' value="{disagreed.pk}" class="action-select" aria-label="Select this object'
            f' for an action - {disagreed.reference} {disagreed.lead_government.name}"></td>',
            f'<td class="field-position">{rank}</td>',
            '<td class="field-reference_link"><a href="/admin/applications/application/'
            f'{disagreed.pk}/change/">{disagreed.reference}</a></td>',
            f'<td class="field-government">{disagreed.lead_government.name}</td>',
            '<td class="field-country_and_region">Chile<div class="region">Americas</div></td>',
            '<td class="field-mean"><span class="ranking-mean">3.00</span></td>',
            '<td class="field-review_progress">'
            '<span class="review-progress complete">2 of 2</span></td>',
            '<td class="field-spread_display"><span class="large-spread" title="Reviewers'
            ' disagree: look at their reviews before deciding.">⚠ 4.00</span></td>',
            '<td class="field-recommendations"><span title="admit / admit with conditions'
            ' / do not admit">2 / 0 / 0</span></td>',
            '<td class="field-decision_link">Committee review<br><a href="/admin/reviews/'
            f'decision/add/?application={disagreed.pk}">Record a decision</a></td>',
        ]


def _order(client, url):
    return [row.reference for row in client.get(url).context["cl"].result_list]


def test_the_kept_order_follows_reviews_decisions_and_bulk_loads(client):
    first, coordinator, first_assignments = committee_application(country="CL")
    call = first.call
    second, _, second_assignments = committee_application(call=call, country="PE")
    submit_scores(first_assignments[0], 3)
    login(client, coordinator)
    url = f"{RANKING}?call__id__exact={call.pk}"

    assert _order(client, url) == [first.reference, second.reference]
    with CaptureQueriesContext(connection) as kept:
        assert _order(client, url) == [first.reference, second.reference]
    assert not any("RANK() OVER" in query["sql"] for query in kept.captured_queries)

    submit_scores(second_assignments[0], 5)  # a review: the order is worked out again
    assert _order(client, url) == [second.reference, first.reference]

    admitted = f"{url}&decision__outcome__exact={DecisionOutcome.ADMITTED}"
    assert _order(client, admitted) == []
    domain.record_decision(
        application=first, outcome=DecisionOutcome.ADMITTED, reason="Strong.", by=coordinator
    )
    assert _order(client, admitted) == [first.reference]
    assert client.get(url).context["cl"].result_count == 2

    # Loaded in bulk, past the model signals: refresh_ranking says the figures changed.
    bulk_applications(call, 2, [make_reviewer("KE")])
    assert client.get(url).context["cl"].result_count == 4


def test_the_export_streams_in_a_few_chunks(client):
    coordinator = make_coordinator()
    first, _, _ = committee_application(country="CL")
    bulk_applications(first.call, 40, [make_reviewer("KE")])
    login(client, coordinator)

    response = client.get(f"{RANKING}export.csv?call__id__exact={first.call.pk}")

    chunks = list(response.streaming_content)
    assert len(b"".join(chunks).decode("utf-8-sig").splitlines()) == 1 + 41
    assert len(chunks) == 1  # not one chunk (one write) per line


def _afresh_and_kept(client, url):
    """The queries of the page with its order worked out afresh, then kept."""
    assert client.get(url).status_code == 200  # sessions, content types
    figures.forget_all()
    counts = []
    for kept in (False, True):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        ranked = [q for q in captured.captured_queries if "RANK() OVER" in q["sql"]]
        assert len(ranked) == (0 if kept else 1)
        counts.append(len(captured.captured_queries))
    return counts


def test_the_ranking_costs_the_same_at_10_and_250_applications(client):
    coordinator = make_coordinator()
    reviewers = [make_reviewer("KE"), make_reviewer("FR")]
    call = call_with_criteria()
    login(client, coordinator)
    url = f"{RANKING}?call__id__exact={call.pk}"
    counts = {}
    made = 0
    for size in (10, 250):
        bulk_applications(call, size - made, reviewers, start=made)
        made = size
        last = f"{url}&p={-(-size // 25)}"
        counts[size] = [_afresh_and_kept(client, page) for page in (url, last)]
    assert counts[10] == counts[250], counts
    assert counts[250][0][1] < counts[250][0][0]  # kept: no ranking query
