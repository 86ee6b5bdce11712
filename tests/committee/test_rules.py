"""Who may take part in the discussion and hold the meeting: each role, exact expectations."""

import pytest

from reviews import domain as reviews_domain
from tests.committee.factories import committee_application
from tests.factories import UserFactory
from tests.reviews.factories import make_reviewer, submit_scores

pytestmark = pytest.mark.django_db


def test_the_discussion_opens_to_each_reviewer_with_their_own_submitted_review():
    application, coordinator, (first, second) = committee_application()
    outsider = make_reviewer("KE")
    applicant = application.owner_user

    assert coordinator.has_perm("committee.discuss_application", application) is True
    assert first.reviewer.has_perm("committee.discuss_application", application) is False
    submit_scores(first, 4)
    assert first.reviewer.has_perm("committee.discuss_application", application) is True
    assert second.reviewer.has_perm("committee.discuss_application", application) is False
    assert outsider.has_perm("committee.discuss_application", application) is False
    assert applicant.has_perm("committee.discuss_application", application) is False
    assert UserFactory().has_perm("committee.discuss_application", application) is False


def test_a_conflict_closes_the_discussion_even_after_submitting():
    application, coordinator, (first, _second) = committee_application()
    submit_scores(first, 4)
    reviews_domain.declare_conflict(
        application=application,
        reviewer=first.reviewer,
        reason="Advised the mayor last year.",
        declared_by=coordinator,
    )
    assert first.reviewer.has_perm("committee.discuss_application", application) is False


def test_a_reviewer_from_the_applicants_country_is_out_of_the_discussion():
    application, _coordinator, (first, _second) = committee_application()
    submit_scores(first, 4)
    profile = first.reviewer.reviewer_profile
    profile.country = "CL"
    profile.save()
    first.reviewer.refresh_from_db()
    assert first.reviewer.has_perm("committee.discuss_application", application) is False


def test_only_coordinators_hold_the_meeting():
    _application, coordinator, (first, _second) = committee_application()
    assert coordinator.has_perm("committee.hold_meeting") is True
    assert first.reviewer.has_perm("committee.hold_meeting") is False
    assert UserFactory().has_perm("committee.hold_meeting") is False
