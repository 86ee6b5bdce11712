import threading
import time
from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from applications import domain as applications_domain
from applications.enums import ApplicationStatus
from applications.models import Application
from reviews import domain, queries
from reviews.enums import DecisionOutcome, DueDiligenceOutcome, Recommendation, ReviewStage
from reviews.exceptions import (
    AssignmentRefused,
    ConflictRefused,
    DecisionRefused,
    ReviewRefused,
    StageChangeRefused,
)
from reviews.models import (
    ApplicationScores,
    Assignment,
    ConflictOfInterest,
    Criterion,
    Decision,
    DecisionEmailTemplate,
)
from tests.factories import CallFactory, UserFactory
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


# Criteria ---------------------------------------------------------------------------------


def test_a_new_call_gets_the_eight_minimum_criteria_once():
    call = CallFactory()

    domain.add_default_criteria(call=call)
    domain.add_default_criteria(call=call)

    criteria = list(call.criteria.order_by("position"))
    assert [criterion.name for criterion in criteria] == [
        "Political commitment",
        "Track record",
        "Time",
        "Ambition",
        "Capacity and resources",
        "Co-creation and monitoring",
        "Value proposition",
        "Learning and sharing",
    ]
    assert {(c.scale_min, c.scale_max, c.weight) for c in criteria} == {(1, 5, Decimal(1))}
    assert all(criterion.guidance for criterion in criteria)


def test_a_scored_criterion_keeps_its_scale_but_its_weight_may_change():
    coordinator, reviewer = make_coordinator(), make_reviewer()
    application = into_committee_review(submitted_application(), coordinator)
    assignment = domain.assign_reviewer(
        application=application, reviewer=reviewer, assigned_by=coordinator
    )
    criterion = application.call.criteria.order_by("position").first()
    criterion.scale_max = 10
    criterion.full_clean()  # no score yet: the scale may change

    domain.save_review(
        assignment=assignment, by=reviewer, scores={criterion.pk: (4, "")}, summary="Draft"
    )
    criterion = Criterion.objects.get(pk=criterion.pk)
    criterion.scale_max = 10
    with pytest.raises(ValidationError) as refused:
        criterion.full_clean()
    assert refused.value.messages == [
        "Reviewers have already scored this criterion; its scale cannot change."
    ]
    criterion.scale_max = 5
    criterion.weight = Decimal("2.5")
    criterion.full_clean()


# The pipeline -----------------------------------------------------------------------------


def test_submission_opens_a_candidacy_at_the_completeness_check():
    application = submitted_application()

    candidacy = application.candidacy
    assert candidacy.stage == ReviewStage.COMPLETENESS
    assert list(candidacy.stage_changes.values_list("from_stage", "to_stage")) == [
        ("", ReviewStage.COMPLETENESS)
    ]


def test_each_stage_move_records_who_and_when_and_committee_review_puts_it_under_review():
    coordinator = make_coordinator()
    application = submitted_application()

    domain.move_stage(
        application=application,
        to_stage=ReviewStage.DUE_DILIGENCE,
        by=coordinator,
        note="All letters present.",
    )
    assert application.status == ApplicationStatus.SUBMITTED
    domain.record_due_diligence(
        application=application,
        outcome=DueDiligenceOutcome.CONCERNS_NOTED,
        notes="A local newspaper questioned the procurement office.",
        by=coordinator,
    )
    domain.move_stage(
        application=application, to_stage=ReviewStage.COMMITTEE_REVIEW, by=coordinator
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    changes = list(application.candidacy.stage_changes.order_by("id"))
    assert [(c.from_stage, c.to_stage, c.changed_by) for c in changes] == [
        ("", ReviewStage.COMPLETENESS, None),
        (ReviewStage.COMPLETENESS, ReviewStage.DUE_DILIGENCE, coordinator),
        (ReviewStage.DUE_DILIGENCE, ReviewStage.COMMITTEE_REVIEW, coordinator),
    ]
    assert changes[1].note == "All letters present."
    history = application.candidacy.history.order_by("history_date", "history_id")
    assert [record.history_user for record in history] == [
        None,
        coordinator,
        coordinator,
        coordinator,
    ]
    assert history.last().due_diligence_outcome == DueDiligenceOutcome.CONCERNS_NOTED
    assert application.events.filter(to_status=ApplicationStatus.UNDER_REVIEW).get().actor == (
        coordinator
    )


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (None, "Record the due diligence outcome of {ref} before committee review."),
        (
            DueDiligenceOutcome.REPUTATIONAL_RISK,
            "Due diligence found a reputational risk in {ref}: it goes to a decision, "
            "not to the committee.",
        ),
    ],
)
def test_committee_review_needs_a_clear_due_diligence(outcome, message):
    coordinator = make_coordinator()
    application = submitted_application()
    domain.move_stage(application=application, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator)
    if outcome:
        domain.record_due_diligence(
            application=application, outcome=outcome, notes="", by=coordinator
        )

    with pytest.raises(StageChangeRefused) as refused:
        domain.move_stage(
            application=application, to_stage=ReviewStage.COMMITTEE_REVIEW, by=coordinator
        )

    assert refused.value.message == message.format(ref=application.reference)
    application.refresh_from_db()
    assert application.candidacy.stage == ReviewStage.DUE_DILIGENCE
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_stage_cannot_be_skipped_or_undone():
    coordinator = make_coordinator()
    application = submitted_application()

    with pytest.raises(StageChangeRefused) as refused:
        domain.move_stage(
            application=application, to_stage=ReviewStage.COMMITTEE_REVIEW, by=coordinator
        )
    assert refused.value.message == (
        f"{application.reference} cannot go from Completeness check to Committee review."
    )
    into_committee_review(application, coordinator)
    with pytest.raises(StageChangeRefused):
        domain.move_stage(
            application=application, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator
        )


def test_an_incomplete_application_is_screened_out_straight_to_a_decision():
    coordinator = make_coordinator()
    application = submitted_application()

    decision = domain.record_decision(
        application=application,
        outcome=DecisionOutcome.NOT_ADMITTED,
        reason="The letter of intent from the mayor is missing.",
        by=coordinator,
    )
    domain.release_decisions(decisions=[decision], by=coordinator)

    application.refresh_from_db()
    assert application.candidacy.stage == ReviewStage.DECISION
    assert list(
        application.events.filter(kind="status_changed").values_list("from_status", "to_status")
    ) == [
        (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.DECIDED),
        (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
        (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED),
    ]  # newest first
    assert application.status == ApplicationStatus.DECIDED


# Assignments ------------------------------------------------------------------------------


def test_assign_reviewer_refuses_conflicts_own_country_and_non_reviewers():
    coordinator = make_coordinator()
    application = submitted_application(country="CL")
    chilean, conflicted, kenyan = make_reviewer("CL"), make_reviewer("PE"), make_reviewer("KE")
    ConflictOfInterest.objects.create(
        application=application, reviewer=conflicted, reason="Advised the mayor in 2024."
    )
    not_a_reviewer = UserFactory(is_staff=True)

    for user, message in [
        (chilean, f"{chilean} is from Chile, the applicant's own country."),
        (
            conflicted,
            f"{conflicted} has declared a conflict of interest with {application.reference}.",
        ),
        (not_a_reviewer, f"{not_a_reviewer} is not a reviewer."),
    ]:
        with pytest.raises(AssignmentRefused) as refused:
            domain.assign_reviewer(application=application, reviewer=user, assigned_by=coordinator)
        assert refused.value.message == message

    assignment = domain.assign_reviewer(
        application=application, reviewer=kenyan, assigned_by=coordinator
    )
    assert (assignment.assigned_by, assignment.history.get().history_user) == (
        coordinator,
        coordinator,
    )
    with pytest.raises(AssignmentRefused):
        domain.assign_reviewer(application=application, reviewer=kenyan, assigned_by=coordinator)


def test_spread_never_assigns_a_conflicted_or_same_country_reviewer_and_balances_the_load():
    coordinator = make_coordinator()
    call = call_with_criteria()
    countries = ["CL", "CL", "PE", "PE", "KE", "KE", "FR", "CO", "CO", "MX", "MX", "CL"]
    applications = [submitted_application(call=call, country=c) for c in countries]
    reviewers = [
        make_reviewer("CL"),
        make_reviewer("PE"),
        make_reviewer("KE"),
        make_reviewer("FR"),
        make_reviewer("BO"),
        make_reviewer(""),  # no country given: never excluded for it
    ]
    conflicts = {
        (applications[0].pk, reviewers[2].pk),
        (applications[4].pk, reviewers[3].pk),
        (applications[7].pk, reviewers[5].pk),
        (applications[9].pk, reviewers[0].pk),
    }
    for application_id, reviewer_id in conflicts:
        ConflictOfInterest.objects.create(
            application_id=application_id, reviewer_id=reviewer_id, reason="Former adviser."
        )

    unfilled = domain.spread_assignments(
        applications=applications, reviewers=reviewers, per_application=3, assigned_by=coordinator
    )

    assert unfilled == []
    pairs = set(Assignment.objects.values_list("application_id", "reviewer_id"))
    assert len(pairs) == 3 * len(applications)
    assert not pairs & conflicts
    country = {reviewer.pk: reviewer.reviewer_profile.country for reviewer in reviewers}
    for application in applications:
        assigned = [r for a, r in pairs if a == application.pk]
        assert len(assigned) == 3
        assert application.lead_government.country not in {country[r] for r in assigned}
    load = Counter(reviewer_id for _application, reviewer_id in pairs)
    assert max(load.values()) - min(load[reviewer.pk] for reviewer in reviewers) <= 1
    assert {a.history.get().history_user for a in Assignment.objects.all()} == {coordinator}


def test_spread_counts_existing_assignments_and_reports_what_it_cannot_fill():
    coordinator = make_coordinator()
    call = call_with_criteria()
    chilean = submitted_application(call=call, country="CL")
    kenyan = submitted_application(call=call, country="KE")
    draft = submitted_application(call=call, country="PE")
    applications_domain.withdraw_application(application=draft, user=draft.owner_user)
    reviewer_cl, reviewer_ke = make_reviewer("CL"), make_reviewer("KE")
    domain.assign_reviewer(application=kenyan, reviewer=reviewer_cl, assigned_by=coordinator)

    unfilled = domain.spread_assignments(
        applications=[chilean, kenyan, draft],
        reviewers=[reviewer_cl, reviewer_ke],
        per_application=2,
        assigned_by=coordinator,
    )

    assert [(gap.application, gap.missing, gap.reason) for gap in unfilled] == [
        (draft, 2, "not open for review"),
        (
            chilean,
            1,
            "not enough reviewers without a conflict or from another country",
        ),
        (
            kenyan,
            1,
            "not enough reviewers without a conflict or from another country",
        ),
    ]
    assert set(Assignment.objects.values_list("application", "reviewer")) == {
        (kenyan.pk, reviewer_cl.pk),
        (chilean.pk, reviewer_ke.pk),
    }


# Reviews and conflicts --------------------------------------------------------------------


def reviewed_application(reviewer_count=2):
    coordinator = make_coordinator()
    application = into_committee_review(submitted_application(country="CL"), coordinator)
    reviewers = [make_reviewer("KE") for _ in range(reviewer_count)]
    assignments = [
        domain.assign_reviewer(application=application, reviewer=r, assigned_by=coordinator)
        for r in reviewers
    ]
    return application, coordinator, assignments


def test_a_draft_is_kept_when_its_submission_is_refused():
    application, _coordinator, (assignment, _other) = reviewed_application()
    scores = scores_for(application.call, [4, 3, 5, 4, 3, 4, 5, 4])
    first = next(iter(scores))
    scores[first] = (None, "Still reading the mayor's letter.")

    with pytest.raises(ReviewRefused) as refused:
        domain.submit_review(
            assignment=assignment,
            by=assignment.reviewer,
            scores=scores,
            recommendation="",
            summary="",
        )

    assert refused.value.message == (
        "Score every criterion: Political commitment. Choose a recommendation. Write a summary."
    )
    review = assignment.review
    review.refresh_from_db()
    assert review.status == "draft"
    assert review.scores.get(criterion_id=first).comment == "Still reading the mayor's letter."
    assert review.scores.filter(value__isnull=False).count() == 7


def test_a_score_outside_its_scale_is_refused():
    application, _coordinator, (assignment, _other) = reviewed_application()
    criterion = application.call.criteria.first()

    with pytest.raises(ReviewRefused) as refused:
        domain.save_review(
            assignment=assignment, by=assignment.reviewer, scores={criterion.pk: (6, "")}
        )

    assert refused.value.message == f"{criterion.name} takes a score from 1 to 5."
    assert not hasattr(assignment, "review") or assignment.review.scores.count() == 0


def test_a_submitted_review_is_final_and_keeps_its_history():
    application, _coordinator, (assignment, _other) = reviewed_application()
    review = submit_scores(assignment, 4)

    with pytest.raises(ReviewRefused) as refused:
        submit_scores(assignment, 1)

    assert refused.value.message == "You have submitted your review; it can no longer be changed."
    assert set(review.scores.values_list("value", flat=True)) == {4}
    history = review.history.order_by("history_date", "history_id")
    assert [(h.status, h.history_user) for h in history] == [
        ("draft", assignment.reviewer),
        ("submitted", assignment.reviewer),
    ]
    assert history.last().history_change_reason == "submitted"
    score = review.scores.first()
    assert score.history.get().history_user == assignment.reviewer


def test_scoring_waits_for_committee_review():
    coordinator, reviewer = make_coordinator(), make_reviewer()
    application = submitted_application()
    assignment = domain.assign_reviewer(
        application=application, reviewer=reviewer, assigned_by=coordinator
    )

    with pytest.raises(ReviewRefused) as refused:
        submit_scores(assignment, 3)

    assert refused.value.message == "Scoring opens when the application reaches committee review."


def test_other_reviews_are_visible_only_after_submitting_ones_own():
    application, coordinator, (first, second) = reviewed_application()
    submit_scores(second, 2, Recommendation.DO_NOT_ADMIT)

    assert not first.reviewer.has_perm("reviews.see_other_reviews", application)
    assert coordinator.has_perm("reviews.see_other_reviews", application)
    submit_scores(first, 4)
    assert first.reviewer.has_perm("reviews.see_other_reviews", application)


def test_a_declared_conflict_blocks_scoring_and_hides_the_other_reviews():
    application, _coordinator, (conflicted, other) = reviewed_application()
    submit_scores(other, 5)
    domain.save_review(
        assignment=conflicted,
        by=conflicted.reviewer,
        scores=scores_for(application.call, 3),
        summary="Half done",
    )

    domain.declare_conflict(
        application=application,
        reviewer=conflicted.reviewer,
        reason="I advised the municipality on its open data portal in 2025.",
    )

    reviewer = conflicted.reviewer
    with pytest.raises(ReviewRefused) as refused:
        submit_scores(conflicted, 4)
    assert refused.value.message == "You declared a conflict of interest with this application."
    assert not reviewer.has_perm("reviews.see_other_reviews", application)
    assert not reviewer.has_perm("reviews.read_application", application)
    assert list(queries.applications_for_reviewer(reviewer)) == []
    # Its draft does not count for the ranking, nor does the assignment.
    ranked = queries.ranking().get(pk=application.pk)
    assert (ranked.reviews_submitted, ranked.reviews_assigned) == (1, 1)
    assert ranked.weighted_mean == pytest.approx(5.0)


def test_a_conflict_needs_a_reason_and_comes_before_the_review():
    application, coordinator, (assignment, _other) = reviewed_application()
    with pytest.raises(ConflictRefused):
        domain.declare_conflict(application=application, reviewer=assignment.reviewer, reason=" ")
    submit_scores(assignment, 4)

    with pytest.raises(ConflictRefused) as refused:
        domain.declare_conflict(
            application=application, reviewer=assignment.reviewer, reason="Just remembered."
        )

    assert refused.value.message == (
        "You can declare a conflict only on an application assigned to you, before submitting "
        "your review. Write to the coordinator."
    )
    # The coordinator can still set the reviewer aside; the review then stops counting.
    domain.declare_conflict(
        application=application,
        reviewer=assignment.reviewer,
        reason="Told us by e-mail after submitting.",
        declared_by=coordinator,
    )
    assert queries.ranking().get(pk=application.pk).reviews_submitted == 0


def wait_for(condition, timeout=10.0):
    """Wait for the worker thread to make ``condition()`` true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.05)


def test_the_coordinators_are_told_of_a_conflict(celery_worker):
    application, coordinator, (assignment, _other) = reviewed_application()
    second = make_coordinator()
    mail.outbox.clear()

    domain.declare_conflict(
        application=application,
        reviewer=assignment.reviewer,
        reason="My sister is the mayor's chief of staff.",
    )
    wait_for(lambda: len(mail.outbox) == 2)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, second.email])
    message = mail.outbox[0]
    assert message.subject == (
        f"[OGP Local] {assignment.reviewer} declared a conflict of interest with "
        f"{application.reference}"
    )
    assert "Reason given:\nMy sister is the mayor's chief of staff." in message.body
    assert f"/admin/applications/application/{application.pk}/change/" in message.body


# Ranking ----------------------------------------------------------------------------------


def test_the_weighted_mean_of_a_worked_example_with_uneven_weights():
    """Three criteria weighted 3, 1 and 0.5.

    Reviewer A scores 5, 2, 4: (5×3 + 2×1 + 4×0.5) / 4.5 = 19 / 4.5 = 4.222…
    Reviewer B scores 3, 4, 1: (3×3 + 4×1 + 1×0.5) / 4.5 = 13.5 / 4.5 = 3.0
    The application: (19 + 13.5) / (4.5 + 4.5) = 32.5 / 9 = 3.611…, spread 4.222 − 3.0.
    A third reviewer's draft (all 1s) does not count.
    """
    coordinator = make_coordinator()
    call = CallFactory()
    for position, (name, weight) in enumerate(
        [("Political commitment", "3"), ("Track record", "1"), ("Time", "0.5")], start=1
    ):
        Criterion.objects.create(call=call, name=name, weight=Decimal(weight), position=position)
    application = into_committee_review(submitted_application(call=call), coordinator)
    a, b, c = (
        domain.assign_reviewer(application=application, reviewer=r, assigned_by=coordinator)
        for r in (make_reviewer(), make_reviewer(), make_reviewer())
    )
    submit_scores(a, [5, 2, 4])
    submit_scores(b, [3, 4, 1], Recommendation.ADMIT_WITH_CONDITIONS)
    domain.save_review(assignment=c, by=c.reviewer, scores=scores_for(call, 1), summary="")

    ranked = queries.ranking(call=call).get(pk=application.pk)

    assert ranked.weighted_mean == pytest.approx(32.5 / 9)
    assert ranked.highest_mean == pytest.approx(19 / 4.5)
    assert ranked.lowest_mean == pytest.approx(3.0)
    assert ranked.spread == pytest.approx(19 / 4.5 - 3.0)
    assert (ranked.reviews_submitted, ranked.reviews_assigned) == (2, 3)
    assert (ranked.admit_count, ranked.conditions_count, ranked.reject_count) == (1, 1, 0)
    assert ranked.large_spread is True  # 1.22 ≥ 30% of the 1–5 scale (1.2)
    region = queries.ranking(call=call).annotate(region=queries.lead_region()).get().region
    assert region == "americas"
    assert ranked.rank == 1


def _stored_figures():
    return {row["application_id"]: row for row in ApplicationScores.objects.values()}


def assert_stored_figures_are_fresh():
    """What is stored is what computing every application's figures again gives."""
    stored = _stored_figures()
    domain.refresh_ranking(applications=Application.objects.all())
    assert stored == _stored_figures()


def _expected_mean(reviews, weights):
    """Sum(score × weight) / Sum(weight) over every score of ``reviews``."""
    total = sum(v * w for values in reviews for v, w in zip(values, weights, strict=True))
    return total / (len(reviews) * sum(weights))


def test_the_stored_ranking_follows_every_change_to_what_it_counts():
    """The ranking reads stored figures: each domain change that alters them refreshes them,
    and the rank (computed on reading) follows."""
    application, coordinator, (a, b) = reviewed_application()
    call = application.call
    other = into_committee_review(submitted_application(call=call, country="PE"), coordinator)
    c = domain.assign_reviewer(
        application=other, reviewer=make_reviewer("KE"), assigned_by=coordinator
    )

    def ranked():
        return {row.pk: row for row in queries.ranking(call=call)}

    row = ranked()[application.pk]
    assert (row.reviews_assigned, row.reviews_submitted, row.weighted_mean) == (2, 0, None)
    assert_stored_figures_are_fresh()

    high, low = [5, 3, 3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1, 1, 2]
    weights = [1] * 8
    submit_scores(a, high)
    assert ranked()[application.pk].rank == 1  # the other has no mean yet: last
    submit_scores(c, 5)
    submit_scores(b, low, Recommendation.DO_NOT_ADMIT)
    rows = ranked()
    assert (rows[other.pk].rank, rows[application.pk].rank) == (1, 2)
    row = rows[application.pk]
    assert row.weighted_mean == pytest.approx(_expected_mean([high, low], weights))
    assert row.spread == pytest.approx(26 / 8 - 9 / 8)
    assert row.large_spread is True  # 2.125 ≥ 30% of the 1–5 scale
    assert (row.reviews_submitted, row.admit_count, row.reject_count) == (2, 1, 1)
    assert_stored_figures_are_fresh()

    # A conflict declared after the review: it stops counting, and comes back when withdrawn.
    conflict = domain.declare_conflict(
        application=application,
        reviewer=b.reviewer,
        reason="Told us late.",
        declared_by=coordinator,
    )
    row = ranked()[application.pk]
    assert (row.reviews_assigned, row.reviews_submitted) == (1, 1)
    assert row.weighted_mean == pytest.approx(26 / 8)
    assert (row.spread, row.large_spread, row.reject_count) == (None, False, 0)
    assert_stored_figures_are_fresh()
    domain.withdraw_conflict(conflict=conflict, by=coordinator, reason="Misunderstanding.")
    row = ranked()[application.pk]
    assert (row.reviews_assigned, row.reviews_submitted, row.reject_count) == (2, 2, 1)
    assert_stored_figures_are_fresh()

    # A criterion's weight: every mean of the call changes.
    first = call.criteria.order_by("position", "id").first()
    domain.save_criterion(criterion=first, by=coordinator, weight=Decimal("4"))
    weights[0] = 4
    row = ranked()[application.pk]
    assert row.weighted_mean == pytest.approx(_expected_mean([high, low], weights))
    assert row.highest_mean == pytest.approx((5 * 4 + 3 * 7) / 11)
    assert_stored_figures_are_fresh()

    # A new criterion on a wider scale: the same spread is no longer large.
    domain.save_criterion(
        criterion=Criterion(call=call),
        by=coordinator,
        name="Reach",
        weight=Decimal("1"),
        position=9,
        scale_min=0,
        scale_max=10,
    )
    assert ranked()[application.pk].large_spread is False  # 30% of 0–10 is 3
    assert_stored_figures_are_fresh()

    # Assignments made and removed, one by one or spread.
    third = domain.assign_reviewer(
        application=application, reviewer=make_reviewer("FR"), assigned_by=coordinator
    )
    assert ranked()[application.pk].reviews_assigned == 3
    domain.unassign_reviewer(assignment=third, by=coordinator)
    assert ranked()[application.pk].reviews_assigned == 2
    domain.spread_assignments(
        applications=[other],
        reviewers=[make_reviewer("FR"), make_reviewer("PH")],
        per_application=3,
        assigned_by=coordinator,
    )
    assert ranked()[other.pk].reviews_assigned == 3
    assert_stored_figures_are_fresh()


@pytest.mark.django_db(transaction=True)
def test_two_reviews_submitted_at_once_are_both_counted():
    """The second submission waits for the first to commit before computing the figures
    again (it locks the application's row), so neither review is lost from the ranking."""
    application, _coordinator, (a, b) = reviewed_application()
    first_saved = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                submit_scores(a, 4)
                first_saved.set()
                time.sleep(0.5)  # the second submission runs meanwhile
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            assert first_saved.wait(10)
            submit_scores(b, 2)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert errors == []
    stored = ApplicationScores.objects.get(application=application)
    assert (stored.reviews_submitted, stored.weighted_mean) == (2, pytest.approx(3.0))


# Decisions --------------------------------------------------------------------------------


def test_a_released_decision_is_final():
    application, coordinator, _assignments = reviewed_application()
    decision = domain.record_decision(
        application=application,
        outcome=DecisionOutcome.WAITLISTED,
        reason="Strong, but the cohort already has two Chilean members.",
        by=coordinator,
    )
    decision = domain.record_decision(
        application=application,
        outcome=DecisionOutcome.ADMITTED,
        reason="A place opened.",
        by=coordinator,
    )
    assert [h.outcome for h in decision.history.order_by("history_date", "history_id")] == [
        "waitlisted",
        "admitted",
    ]
    assert domain.release_decisions(decisions=[decision], by=coordinator) == [decision]
    assert domain.release_decisions(decisions=[decision], by=coordinator) == []

    with pytest.raises(DecisionRefused):
        domain.record_decision(
            application=application,
            outcome="not_admitted",
            reason="Changed our mind",
            by=coordinator,
        )
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.ADMITTED
    assert decision.released_by == coordinator


def test_only_coordinators_decide():
    application, _coordinator, (assignment, _other) = reviewed_application()
    with pytest.raises(DecisionRefused):
        domain.record_decision(
            application=application, outcome="admitted", reason="I liked it", by=assignment.reviewer
        )


def test_the_decision_email_uses_the_calls_own_template_in_the_applications_language():
    application, coordinator, _assignments = reviewed_application()
    application.language = "es"
    application.save(update_fields=["language"])
    DecisionEmailTemplate.objects.create(
        call=application.call,
        language="es",
        subject="{{ reference }}: {{ outcome_label }}",
        body="Hola {{ recipient }}. {% if outcome == 'admitted' %}¡Bienvenidos!{% endif %} "
        "{{ reason }} <{{ government }}>",
    )
    decision = domain.record_decision(
        application=application,
        outcome=DecisionOutcome.ADMITTED,
        reason="Compromiso político & trayectoria sólida.",
        by=coordinator,
    )
    domain.release_decisions(decisions=[decision], by=coordinator)
    decision.refresh_from_db()
    mail.outbox.clear()

    assert domain.send_decision_email(decision=decision) == 1
    assert domain.send_decision_email(decision=decision) == 0  # sent once only

    (message,) = mail.outbox
    owner = application.owner_user
    assert message.to == [owner.email]
    assert message.subject == f"[OGP Local] {application.reference}: Admitido"
    assert message.alternatives[0].mimetype == "text/html"
    # Every decision e-mail ends with the invitation to the community of practice
    # (templates/reviews/emails/decision_feedback.txt), whatever the template says.
    assert message.body == (
        f"Hola {owner.full_name}. ¡Bienvenidos! Compromiso político & trayectoria sólida. "
        f"<{application.lead_government.name}>\n\n"
        "Como nuevo miembro, forma parte de la comunidad de práctica de OGP Local, donde los "
        "gobiernos locales aprenden unos de otros:\n"
        f"{settings.COMMUNITY_OF_PRACTICE_URL}\n"
    )


def test_the_decision_is_emailed_by_the_worker_on_release(celery_worker):
    application, coordinator, _assignments = reviewed_application()
    application.language = "es"
    application.save(update_fields=["language"])
    decision = domain.record_decision(
        application=application,
        outcome=DecisionOutcome.NOT_ADMITTED,
        reason="El plazo de gobierno restante es demasiado corto.",
        by=coordinator,
    )
    mail.outbox.clear()

    domain.release_decisions(decisions=[decision], by=coordinator)
    wait_for(lambda: Decision.objects.filter(pk=decision.pk, emailed_at__isnull=False).exists())

    (message,) = mail.outbox
    assert message.to == [application.owner_user.email]
    assert message.subject == (
        f"[OGP Local] decisión sobre la postulación de {application.lead_government.name} "
        f"({application.reference})"
    )
    assert "ha decidido no admitir" in message.body
    assert "El plazo de gobierno restante es demasiado corto." in message.body
