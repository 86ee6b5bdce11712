"""Every write the desk makes goes through a domain function: criteria, assignments, decisions."""

from decimal import Decimal

import pytest

from reviews import domain
from reviews.exceptions import AssignmentRefused, CriterionRefused
from reviews.models import Assignment, Criterion, Decision
from tests.desk.test_admin import desk, login  # noqa: F401 (fixture)
from tests.reviews.factories import submit_scores

pytestmark = pytest.mark.django_db

CRITERIA = "/admin/reviews/criterion/"
LANGUAGES = ("en", "es", "fr", "pt")


def test_criteria_are_not_edited_in_the_list(client, desk):  # noqa: F811
    login(client, desk["coordinator"])
    changelist = client.get(CRITERIA)
    assert changelist.context["cl"].list_editable == ()
    assert "form-0-weight" not in changelist.content.decode()


def test_a_criterion_change_in_the_admin_goes_through_the_domain(client, desk):  # noqa: F811
    criterion = desk["call"].criteria.order_by("position").first()
    login(client, desk["coordinator"])
    response = client.post(
        f"{CRITERIA}{criterion.pk}/change/",
        {
            "position": criterion.position,
            **{f"name_{code}": getattr(criterion, f"name_{code}") for code in LANGUAGES},
            **{f"guidance_{code}": getattr(criterion, f"guidance_{code}") for code in LANGUAGES},
            "weight": "2.5",
            "scale_min": criterion.scale_min,
            "scale_max": criterion.scale_max,
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("2.5")
    assert criterion.history.latest().history_user == desk["coordinator"]


def test_the_domain_refuses_criteria_changes_from_reviewers_and_locked_scales(desk):  # noqa: F811
    criterion = desk["call"].criteria.order_by("position").first()
    with pytest.raises(CriterionRefused):
        domain.save_criterion(criterion=criterion, by=desk["reviewer"], weight=Decimal("3"))
    submit_scores(desk["assignment"], 3)
    with pytest.raises(CriterionRefused, match="scale cannot change"):
        domain.save_criterion(criterion=criterion, by=desk["coordinator"], scale_max=10)
    with pytest.raises(CriterionRefused):
        domain.remove_criterion(criterion=criterion, by=desk["coordinator"])
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_unassigning_goes_through_the_domain_and_keeps_submitted_reviews(client, desk):  # noqa: F811
    login(client, desk["coordinator"])
    assignment = desk["assignment"]
    with pytest.raises(AssignmentRefused):
        domain.unassign_reviewer(assignment=assignment, by=desk["reviewer"])
    submit_scores(assignment, 4)
    client.post(f"/admin/reviews/assignment/{assignment.pk}/delete/", {"post": "yes"})
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_unassigning_a_reviewer_without_a_review_records_who(desk):  # noqa: F811
    assignment = desk["assignment"]
    domain.unassign_reviewer(assignment=assignment, by=desk["coordinator"])
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    deleted = Assignment.history.filter(id=assignment.pk).latest()
    assert deleted.history_type == "-"
    assert deleted.history_user == desk["coordinator"]


def test_a_recorded_decision_is_never_deleted_in_the_admin(client, desk):  # noqa: F811
    decision = domain.record_decision(
        application=desk["assigned"], outcome="admitted", reason="Strong.", by=desk["coordinator"]
    )
    login(client, desk["coordinator"])
    assert client.post(f"/admin/reviews/decision/{decision.pk}/delete/").status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()
