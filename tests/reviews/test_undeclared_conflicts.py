"""Conflicts nobody declared: a reviewer who stands behind an application (an editor, invited to
edit it, a partner's contact) or who comes from its country may not be assigned it, score it or
read it, whenever the link appeared (issue 10, items 1 and 7)."""

import pytest

from applications.enums import EditorRole
from applications.models import ApplicationEditor, EditorInvitation, hash_token
from reviews import domain, queries
from reviews.enums import ReviewStage
from reviews.exceptions import AssignmentRefused, StageChangeRefused
from reviews.models import Assignment, Reviewer
from tests.factories import ApplicationFactory, PartnerFactory
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    scores_for,
    submit_scores,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def _make_editor(application, user):
    ApplicationEditor.objects.create(application=application, user=user, role=EditorRole.EDITOR)


def _invite(application, email, **kwargs):
    from django.utils import timezone

    return EditorInvitation.objects.create(
        application=application,
        email=email,
        token_hash=hash_token(email + str(kwargs)),
        expires_at=timezone.now() + EditorInvitation.INVITATION_LIFETIME,
        **kwargs,
    )


STAKES = {
    "editor": lambda application, reviewer: _make_editor(application, reviewer),
    "invited to edit": lambda application, reviewer: _invite(application, reviewer.email.upper()),
    "partner's contact": lambda application, reviewer: PartnerFactory(
        application=application, contact_email=reviewer.email.title()
    ),
}


@pytest.mark.parametrize("stake", STAKES)
def test_a_reviewer_behind_an_application_is_never_assigned_it(stake):
    coordinator = make_coordinator()
    call = call_with_criteria()
    application = submitted_application(call=call, country="CL")
    other = submitted_application(call=call, country="PE")
    insider, outsider = make_reviewer("KE"), make_reviewer("KE")
    STAKES[stake](application, insider)

    with pytest.raises(AssignmentRefused, match="stands behind"):
        domain.assign_reviewer(application=application, reviewer=insider, assigned_by=coordinator)
    unfilled = domain.spread_assignments(
        applications=[application, other],
        reviewers=[insider, outsider],
        per_application=2,
        assigned_by=coordinator,
    )

    assert set(Assignment.objects.values_list("application", "reviewer")) == {
        (application.pk, outsider.pk),
        (other.pk, insider.pk),
        (other.pk, outsider.pk),
    }
    assert [(gap.application, gap.missing) for gap in unfilled] == [(application, 1)]


def test_a_withdrawn_invitation_is_no_conflict():
    coordinator = make_coordinator()
    application = submitted_application(country="CL")
    reviewer = make_reviewer("KE")
    from django.utils import timezone

    _invite(application, reviewer.email, revoked_at=timezone.now())

    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    assert reviewer.has_perm("reviews.read_application", application)


def test_an_assigned_reviewer_who_becomes_an_editor_can_neither_score_nor_read():
    """The link may appear after the assignment: the rules ask on every read."""
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(country="CL"), coordinator)
    reviewer, colleague = make_reviewer("KE"), make_reviewer("KE")
    for person in (reviewer, colleague):
        domain.assign_reviewer(application=application, reviewer=person, assigned_by=coordinator)
    assignment = Assignment.objects.get(reviewer=reviewer)
    submit_scores(Assignment.objects.get(reviewer=colleague), 4)
    submit_scores(assignment, 3)
    assert reviewer.has_perm("reviews.see_other_reviews", application)

    _make_editor(application, reviewer)
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)

    for permission in (
        "reviews.read_application",
        "reviews.score_application",
        "reviews.see_other_reviews",
    ):
        assert not reviewer.has_perm(permission, application), permission
    assert list(queries.applications_for_reviewer(reviewer)) == []


def test_an_editor_cannot_save_scores():
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(country="CL"), coordinator)
    reviewer = make_reviewer("KE")
    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    _make_editor(application, reviewer)

    from reviews.exceptions import ReviewRefused

    with pytest.raises(ReviewRefused, match="editor of this application"):
        domain.save_review(
            assignment=Assignment.objects.get(reviewer=reviewer),
            by=reviewer,
            scores=scores_for(application.call, 3),
        )


def test_changing_a_reviewers_country_to_an_assigned_applications_is_refused():
    coordinator = make_coordinator()
    application = submitted_application(country="CL")
    reviewer = make_reviewer("KE")
    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)

    with pytest.raises(AssignmentRefused, match=application.reference):
        domain.enlist_reviewer(user=reviewer, country="CL", by=coordinator)

    assert str(Reviewer.objects.get(user=reviewer).country) == "KE"
    domain.enlist_reviewer(user=reviewer, country="PE", by=coordinator)
    assert str(Reviewer.objects.get(user=reviewer).country) == "PE"


def test_a_reviewer_whose_country_changed_anyway_cannot_read():
    """A country set behind the domain's back (or the application's country changed) still
    counts: the read rule checks it too."""
    coordinator = make_coordinator()
    application = submitted_application(country="CL")
    reviewer = make_reviewer("KE")
    domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    assert reviewer.has_perm("reviews.read_application", application)

    Reviewer.objects.filter(user=reviewer).update(country="CL")
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)

    assert not reviewer.has_perm("reviews.read_application", application)
    assert list(queries.applications_for_reviewer(reviewer)) == []


def test_a_stage_move_without_a_candidacy_is_refused_in_words():
    coordinator = make_coordinator()
    draft = ApplicationFactory(call=call_with_criteria())

    with pytest.raises(StageChangeRefused, match="has not been submitted"):
        domain.move_stage(application=draft, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator)
