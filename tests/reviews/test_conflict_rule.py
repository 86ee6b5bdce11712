"""One conflict-of-interest rule (reviews.conflicts), asked everywhere: for each kind of
conflict, appeared before or after the assignment, assignment, the reviewer's queue and
counts, the coordinator's counts, the ranking's figures and the permission agree (issue 19,
item 1)."""

import pytest
from django.utils import timezone

from applications.enums import EditorRole
from applications.models import ApplicationEditor, EditorInvitation, hash_token
from desk import queries as desk_queries
from reviews import domain, queries
from reviews.conflicts import conflict_kinds
from reviews.exceptions import AssignmentRefused
from reviews.models import ApplicationScores, Assignment
from tests.factories import PartnerFactory
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def _declared(application, reviewer, coordinator):
    domain.declare_conflict(
        application=application,
        reviewer=reviewer,
        reason="My former employer.",
        declared_by=coordinator,
    )


def _editor(application, reviewer, coordinator):
    ApplicationEditor.objects.create(application=application, user=reviewer, role=EditorRole.EDITOR)


def _invited(application, reviewer, coordinator):
    EditorInvitation.objects.create(
        application=application,
        email=reviewer.email.upper(),
        token_hash=hash_token(f"walk-{reviewer.pk}"),
        expires_at=timezone.now() + EditorInvitation.INVITATION_LIFETIME,
    )


def _partner(application, reviewer, coordinator):
    PartnerFactory(application=application, contact_email=reviewer.email.title())


def _country(application, reviewer, coordinator):
    # As a coordinator correcting the profile in the desk would (the domain refuses a country
    # the reviewer is assigned from; the rule must hold whatever changed it).
    profile = reviewer.reviewer_profile
    profile.country = application.lead_government.country
    profile.save()


KINDS = {
    "declared": _declared,
    "editor": _editor,
    "invited": _invited,
    "partner": _partner,
    "country": _country,
}


def _everywhere(application, reviewer):
    """What each place says of ``reviewer`` and ``application``."""
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # no cached profile or permission
    counts = desk_queries.reviewer_counts(reviewer)
    queue = [row.application.pk for row in desk_queries.reviewer_queue(reviewer)]
    outstanding = {
        row.label: row.count
        for pipeline in desk_queries.coordinator_pipeline()
        if pipeline.call.pk == application.call_id
        for row in pipeline.outstanding
    }
    stored = ApplicationScores.objects.get(application=application)
    ranked = queries.ranking(application.call).get(pk=application.pk)
    on_its_page = next(  # the coordinator's view of the application's reviewers
        each
        for each in queries.assignments_with_reviews(application)
        if each.reviewer_id == reviewer.pk
    )
    assert on_its_page.conflict_kinds == conflict_kinds(application=application, reviewer=reviewer)
    return {
        "conflicted on the application's page": on_its_page.conflicted,
        "may read": reviewer.has_perm("reviews.read_application", application),
        "in queue": application.pk in queue,
        "queue total": counts["total"],
        "in reviewer's applications": queries.applications_for_reviewer(reviewer)
        .filter(pk=application.pk)
        .exists(),
        "outstanding for coordinator": outstanding.get(reviewer.full_name or reviewer.email, 0),
        "outstanding list": desk_queries.outstanding_assignments(
            Assignment.objects.filter(reviewer=reviewer)
        ).count(),
        "assigned, stored": stored.reviews_assigned,
        "assigned, ranking": ranked.reviews_assigned,
    }


CLEAN = {
    "conflicted on the application's page": False,
    "may read": True,
    "in queue": True,
    "queue total": 1,
    "in reviewer's applications": True,
    "outstanding for coordinator": 1,
    "outstanding list": 1,
    "assigned, stored": 2,
    "assigned, ranking": 2,
}
CONFLICTED = {
    "conflicted on the application's page": True,
    "may read": False,
    "in queue": False,
    "queue total": 0,
    "in reviewer's applications": False,
    "outstanding for coordinator": 0,
    "outstanding list": 0,
    "assigned, stored": 1,
    "assigned, ranking": 1,
}


@pytest.fixture
def scene():
    coordinator = make_coordinator()
    call = call_with_criteria()
    application = into_committee_review(submitted_application(call=call, country="CL"), coordinator)
    insider, outsider = make_reviewer("KE"), make_reviewer("KE")
    return coordinator, application, insider, outsider


@pytest.mark.parametrize("kind", KINDS)
def test_a_conflict_appearing_after_the_assignment_takes_the_reviewer_off_everywhere(kind, scene):
    coordinator, application, insider, outsider = scene
    for reviewer in (insider, outsider):
        domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    submit_scores(Assignment.objects.get(reviewer=outsider), 4)
    assert _everywhere(application, insider) == CLEAN

    KINDS[kind](application, insider, coordinator)

    assert kind in conflict_kinds(application=application, reviewer=insider)
    assert _everywhere(application, insider) == CONFLICTED
    assert _everywhere(application, outsider)["may read"] is True
    ranked = queries.ranking(application.call).get(pk=application.pk)
    assert (ranked.reviews_submitted, ranked.weighted_mean) == (1, 4.0)


@pytest.mark.parametrize("kind", KINDS)
def test_a_conflict_before_the_assignment_keeps_the_reviewer_off_it(kind, scene):
    coordinator, application, insider, outsider = scene
    KINDS[kind](application, insider, coordinator)

    with pytest.raises(AssignmentRefused):
        domain.assign_reviewer(application=application, reviewer=insider, assigned_by=coordinator)
    unfilled = domain.spread_assignments(
        applications=[application],
        reviewers=[insider, outsider],
        per_application=2,
        assigned_by=coordinator,
    )

    assert list(Assignment.objects.values_list("reviewer", flat=True)) == [outsider.pk]
    assert [(gap.application, gap.missing) for gap in unfilled] == [(application, 1)]
    assert not insider.has_perm("reviews.read_application", application)


def test_a_withdrawn_declaration_gives_the_application_back_everywhere(scene):
    coordinator, application, insider, outsider = scene
    for reviewer in (insider, outsider):
        domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    submit_scores(Assignment.objects.get(reviewer=outsider), 4)
    _declared(application, insider, coordinator)
    conflict = application.conflicts.get()

    domain.withdraw_conflict(conflict=conflict, by=coordinator, reason="Declared by mistake.")

    assert conflict_kinds(application=application, reviewer=insider) == []
    assert _everywhere(application, insider) == CLEAN
