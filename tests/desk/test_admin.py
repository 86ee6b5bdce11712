import csv
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from publication.spreadsheets import spreadsheet_safe
from reviews import domain
from reviews.enums import DecisionOutcome, Recommendation, ReviewStage, ReviewStatus
from reviews.models import Assignment, Candidacy, Decision, RankedApplication, Review, Score
from tests.factories import login
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/applications/application/"
RANKING = "/admin/reviews/rankedapplication/"


@pytest.fixture
def desk():
    """Two applications in committee review; the reviewer is assigned to the first only."""
    coordinator = make_coordinator()
    call = call_with_criteria()
    assigned = into_committee_review(
        submitted_application(call=call, country="CL", name="Municipality of Renca"), coordinator
    )
    unassigned = into_committee_review(
        submitted_application(call=call, country="PE", name="Municipality of Lima"), coordinator
    )
    reviewer = make_reviewer("KE")
    assignment = domain.assign_reviewer(
        application=assigned, reviewer=reviewer, assigned_by=coordinator
    )
    return {
        "coordinator": coordinator,
        "reviewer": reviewer,
        "assigned": assigned,
        "unassigned": unassigned,
        "assignment": assignment,
        "call": call,
    }


def admin_urls(application):
    return [
        f"{APPLICATIONS}{application.pk}/change/",
        f"{APPLICATIONS}{application.pk}/review/",
        f"{APPLICATIONS}{application.pk}/conflict/",
    ]


# Who sees what ----------------------------------------------------------------------------


def test_a_reviewer_lists_only_the_applications_assigned_to_them(client, desk):
    login(client, desk["reviewer"])

    response = client.get(APPLICATIONS)

    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [desk["assigned"]]
    assert "Municipality of Lima" not in response.text
    # Searching does not reach past the filter either.
    response = client.get(APPLICATIONS, {"q": "Lima"})
    assert list(response.context["cl"].result_list) == []


def test_a_reviewer_cannot_open_an_unassigned_application(client, desk):
    login(client, desk["reviewer"])

    for url in admin_urls(desk["unassigned"]):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "summary": "x", "_submit": "1"}).status_code == (
            404
        ), url
    assert client.get(f"{APPLICATIONS}{desk['assigned'].pk}/change/").status_code == 200
    assert not Review.objects.filter(assignment__application=desk["unassigned"]).exists()


def test_a_reviewer_cannot_open_the_letters_of_an_unassigned_application(client, desk):
    login(client, desk["reviewer"])
    letter = desk["unassigned"].letters.first()
    own_letter = desk["assigned"].letters.first()

    response = client.get("/admin/letters/letter/")
    assert {shown.application_id for shown in response.context["cl"].result_list} == {
        desk["assigned"].pk
    }
    assert client.get(f"/admin/letters/letter/{letter.pk}/change/").status_code == 302
    assert client.get(f"/admin/letters/letter/{own_letter.pk}/change/").status_code == 200


def test_a_reviewer_cannot_download_a_letter_of_an_unassigned_application(client, desk):
    """Needs letters.queries.letter_for_download to ask reviews.rules.can_review_application
    for staff (see the report of issue #5)."""
    login(client, desk["reviewer"])
    letter = desk["unassigned"].letters.first()
    own_letter = desk["assigned"].letters.first()

    url = reverse(
        "letter_download",
        kwargs={"reference": desk["unassigned"].reference, "letter_id": letter.pk},
    )
    assert client.get(url).status_code == 404
    own_url = reverse(
        "letter_download",
        kwargs={"reference": desk["assigned"].reference, "letter_id": own_letter.pk},
    )
    assert client.get(own_url).status_code == 200


def ready_packet(application):
    """Mark the application's packet as rendered, with a stand-in PDF."""
    from packets.enums import PacketStatus
    from packets.models import Packet

    packet = application.packets.order_by("-version").first() or Packet(
        application=application,
        version=1,
        input_hash="0" * 64,
        inputs={},
        requested_at=timezone.now(),
    )
    packet.status = PacketStatus.READY
    packet.file.save(f"packets/{application.pk}/test.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    packet.save()
    return packet


@pytest.mark.skipif(not apps.is_installed("packets"), reason="the packets app is not installed")
def test_a_reviewer_cannot_open_the_packet_of_an_unassigned_application(client, desk):
    ready_packet(desk["assigned"])
    ready_packet(desk["unassigned"])
    login(client, desk["reviewer"])

    url = reverse("packet_download", kwargs={"reference": desk["unassigned"].reference})
    assert client.get(url).status_code == 404
    own = client.get(reverse("packet_download", kwargs={"reference": desk["assigned"].reference}))
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    # The admin page links to it.
    page = client.get(f"{APPLICATIONS}{desk['assigned'].pk}/change/")
    assert f'href="/applications/{desk["assigned"].reference}/packet/"' in page.text


@pytest.mark.skipif(not apps.is_installed("packets"), reason="the packets app is not installed")
def test_a_declared_conflict_closes_the_packet_too(client, desk):
    ready_packet(desk["assigned"])
    domain.declare_conflict(
        application=desk["assigned"], reviewer=desk["reviewer"], reason="Former adviser."
    )
    login(client, desk["reviewer"])

    url = reverse("packet_download", kwargs={"reference": desk["assigned"].reference})
    assert client.get(url).status_code == 404


def test_a_declared_conflict_removes_the_application_from_the_reviewers_admin(client, desk):
    login(client, desk["reviewer"])
    response = client.post(
        f"{APPLICATIONS}{desk['assigned'].pk}/conflict/",
        {"reason": "I advised the municipality on its open data portal."},
    )
    assert response.status_code == 302

    assert list(client.get(APPLICATIONS).context["cl"].result_list) == []
    for url in admin_urls(desk["assigned"]):
        assert client.get(url).status_code == 404, url
    conflicts = client.get("/admin/reviews/conflictofinterest/")
    assert [c.application for c in conflicts.context["cl"].result_list] == [desk["assigned"]]


def test_other_reviews_appear_on_the_page_only_after_submitting_ones_own(client, desk):
    other = make_reviewer("FR", full_name="Other Reviewer")
    other_assignment = domain.assign_reviewer(
        application=desk["assigned"], reviewer=other, assigned_by=desk["coordinator"]
    )
    Review.objects.filter(assignment=other_assignment).delete()
    submit_scores(other_assignment, 2, Recommendation.DO_NOT_ADMIT)
    login(client, desk["reviewer"])
    url = f"{APPLICATIONS}{desk['assigned'].pk}/change/"

    before = client.get(url)
    assert "Other Reviewer" not in before.text
    assert "appear here once you submit your own review" in before.text

    submit_scores(desk["assignment"], 4)
    after = client.get(url)
    assert "Other Reviewer" in after.text
    assert [review.assignment.reviewer for review in after.context["reviews"]] == [
        other,
        desk["reviewer"],
    ]  # in the order they were submitted


def test_ranking_and_decisions_are_for_coordinators_only(client, desk):
    login(client, desk["reviewer"])
    assert client.get(RANKING).status_code == 403
    assert client.get(f"{RANKING}export.csv").status_code == 403
    assert client.get("/admin/reviews/decision/").status_code == 403
    assert client.get("/admin/reviews/assignment/").status_code == 403


# The score form ---------------------------------------------------------------------------


def management_data(page):
    """The management forms of the inlines on an admin change page, as the browser sends them."""
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for index, form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{index}-id"] = str(form.instance.pk)
    return data


def score_form_data(call, values, recommendation="", summary="", submit=False):
    data = {"recommendation": recommendation, "summary": summary}
    for criterion, value in zip(call.criteria.order_by("position", "id"), values, strict=True):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = f"Comment on {criterion.name}"
    data["_submit" if submit else "_save_draft"] = "1"
    return data


def test_the_score_form_saves_a_draft_then_submits(client, desk):
    login(client, desk["reviewer"])
    url = f"{APPLICATIONS}{desk['assigned'].pk}/review/"
    call = desk["call"]

    assert client.get(url).status_code == 200
    response = client.post(url, score_form_data(call, [4, 3, None, 5, 4, 3, 4, 5]))
    assert response.status_code == 302
    review = Review.objects.get(assignment=desk["assignment"])
    assert review.status == ReviewStatus.DRAFT
    assert review.scores.filter(value__isnull=True).count() == 1

    refused = client.post(url, score_form_data(call, [4, 3, None, 5, 4, 3, 4, 5], submit=True))
    assert refused.status_code == 200
    assert "Score every criterion: Time." in refused.text
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT

    response = client.post(
        url,
        score_form_data(
            call,
            [4, 3, 5, 5, 4, 3, 4, 5],
            recommendation=Recommendation.ADMIT_WITH_CONDITIONS,
            summary="Strong track record; staff to be named.",
            submit=True,
        ),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.recommendation == Recommendation.ADMIT_WITH_CONDITIONS
    assert sorted(review.scores.values_list("value", flat=True)) == [3, 3, 4, 4, 4, 5, 5, 5]

    # Submitted: the form is shown read-only and refuses changes.
    again = client.post(url, score_form_data(call, [1] * 8, submit=True))
    assert again.status_code == 200
    assert "You have submitted your review; it can no longer be changed." in again.text
    assert sorted(review.scores.values_list("value", flat=True)) == [3, 3, 4, 4, 4, 5, 5, 5]


def test_a_coordinator_who_is_not_assigned_cannot_score(client, desk):
    login(client, desk["coordinator"])
    assert client.get(f"{APPLICATIONS}{desk['assigned'].pk}/review/").status_code == 404
    assert client.get(f"{APPLICATIONS}{desk['assigned'].pk}/change/").status_code == 200


# Coordinators -----------------------------------------------------------------------------


def test_the_assignment_action_spreads_reviewers_from_the_admin(client):
    coordinator = make_coordinator()
    call = call_with_criteria()
    applications = [submitted_application(call=call, country=c) for c in ["CL", "PE", "KE"]]
    reviewers = [make_reviewer(c) for c in ["CL", "PE", "KE", "FR"]]
    login(client, coordinator)
    selection = {
        "action": "assign_reviewers_evenly",
        "_selected_action": [a.pk for a in applications],
    }

    form = client.post(APPLICATIONS, selection | {"index": "0"})
    assert form.status_code == 200
    assert "Reviewers per application" in form.text

    response = client.post(
        APPLICATIONS,
        selection | {"apply": "1", "per_application": "2", "reviewers": [r.pk for r in reviewers]},
    )

    assert response.status_code == 302
    pairs = set(Assignment.objects.values_list("application__lead_government__country", "reviewer"))
    assert len(pairs) == 6
    country = {r.pk: r.reviewer_profile.country for r in reviewers}
    assert all(application_country != country[r] for application_country, r in pairs)


def test_a_coordinator_moves_a_stage_from_the_pipeline_page(client):
    coordinator = make_coordinator()
    application = submitted_application()
    login(client, coordinator)
    url = f"/admin/reviews/candidacy/{application.candidacy.pk}/change/"

    def post(data, **kwargs):
        return client.post(url, management_data(client.get(url)) | data, **kwargs)

    response = post({"_move_to": ReviewStage.DUE_DILIGENCE, "stage_note": "Complete."})
    assert response.status_code == 302
    candidacy = Candidacy.objects.get(pk=application.candidacy.pk)
    assert candidacy.stage == ReviewStage.DUE_DILIGENCE
    assert candidacy.stage_changes.last().note == "Complete."

    refused = post(
        {
            "due_diligence_outcome": "",
            "due_diligence_notes": "",
            "_move_to": ReviewStage.COMMITTEE_REVIEW,
        },
        follow=True,
    )
    assert (
        f"Record the due diligence outcome of {application.reference} before committee review."
        in refused.text
    )
    post(
        {
            "due_diligence_outcome": "no_concerns",
            "due_diligence_notes": "Checked with the national point of contact.",
            "_move_to": ReviewStage.COMMITTEE_REVIEW,
        },
    )
    candidacy.refresh_from_db()
    assert candidacy.stage == ReviewStage.COMMITTEE_REVIEW
    assert candidacy.due_diligence_by == coordinator


def test_a_coordinator_records_and_releases_a_decision(
    client, desk, django_capture_on_commit_callbacks
):
    login(client, desk["coordinator"])
    application = desk["assigned"]

    response = client.post(
        "/admin/reviews/decision/add/",
        {
            "application": application.pk,
            "outcome": DecisionOutcome.ADMITTED,
            "reason": "A strong track record of participatory budgeting.",
            "_release": "1",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.decided_by, decision.released_by) == (
        DecisionOutcome.ADMITTED,
        desk["coordinator"],
        desk["coordinator"],
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    history = client.get(f"/admin/reviews/decision/{decision.pk}/history/")
    assert history.status_code == 200
    assert "released" in history.text
    # A released decision is read-only, and reverting it through its history is refused.
    record = decision.history.earliest("history_date")
    revert = f"/admin/reviews/decision/{decision.pk}/history/{record.history_id}/"
    assert client.post(revert, {"outcome": "not_admitted", "reason": "x"}).status_code == 403


def test_the_change_list_names_each_decision_and_whether_it_was_released(client, desk):
    login(client, desk["coordinator"])
    application = desk["assigned"]
    Decision.objects.create(
        application=application,
        outcome=DecisionOutcome.NOT_ADMITTED,
        reason="A narrower plan next time.",
        decided_by=desk["coordinator"],
    )

    page = client.get("/admin/applications/application/").text
    assert '<td class="field-decision_state">Not admitted</td>' in page
    assert f"{application.reference}: " not in page  # not the decision's own name

    Decision.objects.filter(application=application).update(
        released_at=timezone.now(), released_by=desk["coordinator"]
    )
    page = client.get("/admin/applications/application/").text
    assert '<td class="field-decision_state">Not admitted (released)</td>' in page


# The ranking ------------------------------------------------------------------------------


def bulk_applications(call, count, reviewers, start=0):
    """``count`` applications in committee review, each scored by every reviewer, made in bulk.
    No application comes from a reviewer's own country (they would not read it)."""
    theirs = {reviewer.reviewer_profile.country for reviewer in reviewers}
    countries = [c for c in ["CL", "PE", "BO", "KE", "PH", "FR", "MX", "ID"] if c not in theirs]
    criteria = list(call.criteria.order_by("position"))
    governments = Organisation.objects.bulk_create(
        Organisation(
            name=f'=HYPERLINK("x") Town {start + n}' if n == 0 else f"Town {start + n}",
            country=countries[n % len(countries)],
            kind="government",
            government_level="municipal",
        )
        for n in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            lead_government=government,
            reference=f"OGPL-2027-{start + n:04d}",  # a reference the URLs accept
            status=ApplicationStatus.UNDER_REVIEW,
        )
        for n, government in enumerate(governments)
    )
    Candidacy.objects.bulk_create(
        Candidacy(application=a, stage=ReviewStage.COMMITTEE_REVIEW) for a in applications
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(application=a, reviewer=r) for a in applications for r in reviewers
    )
    reviews = Review.objects.bulk_create(
        Review(
            assignment=assignment,
            status=ReviewStatus.SUBMITTED,
            recommendation=Recommendation.ADMIT,
            submitted_at=timezone.now(),
        )
        for assignment in assignments
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=1 + (index + position) % 5)
        for index, review in enumerate(reviews)
        for position, criterion in enumerate(criteria)
    )
    # Made in bulk, past the domain: the ranking's stored figures are computed here.
    domain.refresh_ranking(applications=Application.objects.filter(call=call))
    return applications


# The ranking's query count at 3 and 300 applications: tests/desk/test_query_counts.py


def test_the_ranking_sorts_filters_and_exports_safely(client):
    coordinator = make_coordinator()
    call = call_with_criteria()
    reviewers = [make_reviewer("KE"), make_reviewer("FR")]
    applications = bulk_applications(call, 8, reviewers)
    login(client, coordinator)

    response = client.get(RANKING)  # opens the latest call
    assert response.status_code == 302
    assert f"call__id__exact={call.pk}" in response.url

    ranked = client.get(f"{RANKING}?call__id__exact={call.pk}").context["cl"].result_list
    means = [a.weighted_mean for a in ranked]
    assert means == sorted(means, reverse=True)
    assert [a.rank for a in ranked][0] == 1

    by_reference = client.get(f"{RANKING}?call__id__exact={call.pk}&o=2")
    assert [a.reference for a in by_reference.context["cl"].result_list] == sorted(
        a.reference for a in applications
    )
    americas = client.get(f"{RANKING}?call__id__exact={call.pk}&region=americas")
    americas_codes = {"CL", "PE", "BO", "MX"}
    assert {
        a.lead_government.country.code for a in americas.context["cl"].result_list
    } == americas_codes

    export = client.get(f"{RANKING}export.csv?call__id__exact={call.pk}&region=americas")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export.streaming
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Rank", "Reference", "Lead government", "Country"]
    in_americas = [a for a in applications if a.lead_government.country.code in americas_codes]
    assert len(rows) == 1 + len(in_americas) and len(in_americas) >= 4
    government_cells = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("x") Town 0' in government_cells
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_ranking_rows_show_what_their_page_prefetched(client):
    """Each row: Django's own action checkbox, the application's link, its government and
    country, its mean, its stage or released decision; from the page's few queries."""
    coordinator = make_coordinator()
    call = call_with_criteria()
    applications = bulk_applications(call, 3, [make_reviewer("KE"), make_reviewer("FR")])
    decided = applications[1]
    Decision.objects.create(
        application=decided,
        outcome=DecisionOutcome.ADMITTED,
        reason="Strong.",
        decided_by=coordinator,
        released_at=timezone.now(),
        released_by=coordinator,
    )
    login(client, coordinator)

    response = client.get(f"{RANKING}?call__id__exact={call.pk}")

    page = response.content.decode()
    model_admin = admin.site._registry[RankedApplication]
    for row in response.context["cl"].result_list:
        plain = admin.ModelAdmin.action_checkbox(model_admin, row)  # Django's own rendering
        assert str(plain) in page
        assert f'<a href="/admin/applications/application/{row.pk}/change/">' in page
        assert escape(row.lead_government.name) in page
    assert page.count("Committee review<br>") == 2  # stage and a link to decide
    assert page.count("Record a decision") == 2
    decision = Decision.objects.get(application=decided)
    assert f'href="/admin/reviews/decision/{decision.pk}/change/">Admitted (released)' in page


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+34 600", "'+34 600"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tX", "'\tX"),
        ("Municipality of Renca", "Municipality of Renca"),
        (-2, -2),
        (Decimal("3.5"), Decimal("3.5")),
    ],
)
def test_spreadsheet_formulas_are_neutralised(value, safe):
    assert spreadsheet_safe(value) == safe


def test_a_reviewer_cannot_read_another_reviewers_review_or_its_history(client, desk):
    other = make_reviewer("FR")
    other_assignment = domain.assign_reviewer(
        application=desk["assigned"], reviewer=other, assigned_by=desk["coordinator"]
    )
    others_review = submit_scores(other_assignment, 3)
    own_review = submit_scores(desk["assignment"], 4)
    login(client, desk["reviewer"])

    listed = client.get("/admin/reviews/review/").context["cl"].result_list
    assert list(listed) == [own_review]
    assert client.get(f"/admin/reviews/review/{others_review.pk}/change/").status_code == 302
    assert client.get(f"/admin/reviews/review/{others_review.pk}/history/").status_code == 403
    record = others_review.history.first()
    version = f"/admin/reviews/review/{others_review.pk}/history/{record.history_id}/"
    assert client.get(version).status_code == 403
    assert client.get(f"/admin/reviews/review/{own_review.pk}/history/").status_code == 200


def test_the_roles_come_with_their_permissions():
    coordinator, reviewer = make_coordinator(), make_reviewer()

    assert reviewer.has_perm("applications.view_application")
    assert reviewer.has_perm("reviews.view_review")
    assert not reviewer.has_perm("reviews.view_rankedapplication")
    assert not reviewer.has_perm("reviews.add_decision")
    assert coordinator.has_perm("reviews.view_rankedapplication")
    assert coordinator.has_perm("reviews.add_assignment")
    assert coordinator.has_perm("reviews.add_decision")
    assert not coordinator.has_perm("reviews.change_review")  # reviews are the reviewers'
