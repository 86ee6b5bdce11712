"""The committee's room on the desk: the discussion page for each kind of reviewer, the
meeting (shortlist, cohort counts, decisions with reasons, release, minutes) and the charts,
whose data tables say what the pictures show."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from committee import domain as committee_domain
from committee.models import Comment, ShortlistMark
from reviews.enums import DecisionOutcome
from reviews.models import Decision
from tests.committee.factories import committee_application
from tests.factories import login
from tests.reviews.factories import submit_scores

pytestmark = pytest.mark.django_db


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table_rows(html, table_id):
    """The rows of one table as lists of cell texts (header cells included)."""
    table = re.search(rf'<table[^>]*id="{table_id}"[^>]*>(.*?)</table>', html, re.S)
    assert table, f"no table {table_id}"
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    return [
        [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_a_reviewer_sees_the_discussion_only_after_submitting(client):
    application, coordinator, (first, second) = committee_application()
    submit_scores(first, 4)
    committee_domain.write_comment(
        application=application, author=first.reviewer, text="The mayor's letter is strong."
    )
    url = reverse("committee_discussion", args=[application.pk])

    login(client, second.reviewer)
    page = client.get(url).content.decode()
    assert "The discussion opens to you once your own review is submitted" in page
    assert "The mayor&#x27;s letter is strong." not in page
    assert client.post(url, {"text": "Anchored!"}).status_code == 403
    assert Comment.objects.count() == 1

    client.logout()
    login(client, first.reviewer)
    page = client.get(url).content.decode()
    assert "The mayor&#x27;s letter is strong." in page
    response = client.post(url, {"text": "Say <b>more</b> about monitoring.", "shareable": "on"})
    assert response.status_code == 302
    comment = Comment.objects.latest("pk")
    assert (comment.text, comment.shareable, comment.author) == (
        "Say <b>more</b> about monitoring.",
        True,
        first.reviewer,
    )
    page = client.get(url).content.decode()
    assert "Say &lt;b&gt;more&lt;/b&gt; about monitoring." in page  # never raw HTML


def test_an_empty_comment_keeps_the_page_and_says_why(client):
    application, coordinator, _assignments = committee_application()
    login(client, coordinator)
    response = client.post(
        reverse("committee_discussion", args=[application.pk]), {"text": "   ", "shareable": "on"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Comment.objects.count() == 0


def test_the_meeting_shortlists_counts_decides_and_releases(client):
    application, coordinator, (first, _second) = committee_application(country="CL")
    other, _c, _a = committee_application(call=application.call, country="KE", language="es")
    submit_scores(first, 5)
    committee_domain.write_comment(
        application=application,
        author=first.reviewer,
        text="Explain how the youth council takes part.",
        shareable=True,
    )
    call = application.call
    login(client, coordinator)
    meeting = reverse("committee_meeting", args=[call.pk])

    page = client.get(meeting).content.decode()
    assert table_rows(page, "cohort-region")[1] == ["Americas", "0", "–", "1"]

    response = client.post(
        reverse("committee_shortlist", args=[call.pk, application.pk]), {"shortlisted": "1"}
    )
    assert response.status_code == 302
    page = client.get(meeting).content.decode()
    assert table_rows(page, "cohort-region")[0] == ["Africa and the Middle East", "0", "–", "1"]
    assert table_rows(page, "cohort-region")[1] == ["Americas", "1", "–", "1"]
    assert "No candidate from Africa and the Middle East is shortlisted" in page
    assert "Chile has 1 of the 1 shortlisted applications, more than 25%." in page

    decide = reverse("committee_decide", args=[call.pk, application.pk])
    page = client.get(decide).content.decode()
    assert "Explain how the youth council takes part." in page  # the feedback starts from it
    response = client.post(decide, {"outcome": "admitted", "reason": "", "feedback": "x"})
    assert response.status_code == 200  # refused in words, nothing lost
    assert not Decision.objects.exists()
    response = client.post(
        decide,
        {
            "outcome": "admitted",
            "reason": "Strong commitment, balanced cohort.",
            "feedback": "Keep the youth council at the heart of the plan.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.reason, decision.feedback) == (
        DecisionOutcome.ADMITTED,
        "Strong commitment, balanced cohort.",
        "Keep the youth council at the heart of the plan.",
    )

    pdf = client.get(reverse("committee_minutes", args=[call.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    mail.outbox.clear()
    response = client.post(reverse("committee_release", args=[call.pk]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.released_at is not None
    # A released decision's application no longer moves on the shortlist.
    client.post(
        reverse("committee_shortlist", args=[call.pk, application.pk]), {"shortlisted": "0"}
    )
    assert ShortlistMark.objects.filter(application=application).exists()


def test_a_reviewer_holds_no_meeting(client):
    application, _coordinator, (first, _second) = committee_application()
    submit_scores(first, 4)
    login(client, first.reviewer)
    for name in ("committee_meeting", "committee_charts", "committee_minutes"):
        assert client.get(reverse(name, args=[application.call_id])).status_code == 403


def test_the_charts_data_tables_say_what_the_pictures_show(client):
    application, coordinator, (first, second) = committee_application(country="CL")
    committee_application(call=application.call, country="KE")
    submit_scores(first, 5)
    submit_scores(second, 3)
    login(client, coordinator)

    page = client.get(reverse("committee_charts", args=[application.call_id])).content.decode()

    assert table_rows(page, "chart-funnel-data") == [
        ["Started", "2"],
        ["Submitted", "2"],
        ["Completeness check", "2"],
        ["Due diligence", "2"],
        ["Committee review", "2"],
        ["Decision", "0"],
        ["Decided", "0"],
    ]
    assert table_rows(page, "chart-by-region-data") == [
        ["Africa and the Middle East", "1"],
        ["Americas", "1"],
        ["Asia and the Pacific", "0"],
        ["Europe", "0"],
    ]
    assert table_rows(page, "chart-by-country-data") == [["Chile", "1"], ["Kenya", "1"]]
    criterion = application.call.criteria.order_by("position", "id").first()
    assert table_rows(page, f"chart-scores-{criterion.pk}-data") == [
        ["1", "0"],
        ["2", "0"],
        ["3", "1"],
        ["4", "0"],
        ["5", "1"],
    ]
    reviewers = table_rows(page, "chart-reviewers-data")
    names = {first.reviewer.full_name: "5.00", second.reviewer.full_name: "3.00"}
    assert sorted(reviewers) == sorted([name, own, "4.00"] for name, own in names.items())
    assert 'role="img"' in page and "<script" not in page.split('id="content"')[1]
