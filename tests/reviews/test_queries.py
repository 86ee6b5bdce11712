"""The ranking query and the search helper at 3 and 300 applications: same answers as a
plain computation, same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Organisation, Partner
from applications.queries import search_applications
from reviews import domain, queries
from reviews.enums import Recommendation, ReviewStage, ReviewStatus
from reviews.models import Assignment, Candidacy, Review, Score
from tests.reviews.factories import call_with_criteria, make_reviewer

pytestmark = pytest.mark.django_db


def scored_applications(call, count, reviewers, start=0):
    """``count`` applications in committee review, each with one partner and a submitted
    review by every reviewer, made in bulk. Returns {application id: [per-review means]}."""
    criteria = list(call.criteria.order_by("position"))
    governments = Organisation.objects.bulk_create(
        Organisation(name=f"Town {start + n}", country="CL", kind="government")
        for n in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            lead_government=government,
            reference=f"OGPL-Q-{start + n:04d}",
            status=ApplicationStatus.UNDER_REVIEW,
        )
        for n, government in enumerate(governments)
    )
    allies = Organisation.objects.bulk_create(
        Organisation(name=f"Ally of town {start + n}", country="CL", kind="civil_society")
        for n in range(count)
    )
    Partner.objects.bulk_create(
        Partner(application=a, organisation=o) for a, o in zip(applications, allies, strict=True)
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
    scores = Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=1 + (index * 3 + position) % 5)
        for index, review in enumerate(reviews)
        for position, criterion in enumerate(criteria)
    )
    # Made in bulk, past the domain: the ranking's stored figures are computed here.
    domain.refresh_ranking(applications=Application.objects.filter(call=call))
    means = {}
    for review, assignment in zip(reviews, assignments, strict=True):
        own = [s for s in scores if s.review_id == review.pk]
        weight = sum(s.criterion.weight for s in own)
        mean = sum(s.value * s.criterion.weight for s in own) / weight
        means.setdefault(assignment.application_id, []).append(mean)
    return means


def check_ranking(call, means):
    ranked = {row.pk: row for row in queries.iterate_ranking(queries.ranking(call=call))}
    criteria = list(call.criteria.all())
    width = max(c.scale_max for c in criteria) - min(c.scale_min for c in criteria)
    assert set(ranked) == set(means)
    for pk, review_means in means.items():
        row = ranked[pk]
        assert row.highest_mean == pytest.approx(max(review_means))
        assert row.lowest_mean == pytest.approx(min(review_means))
        assert row.spread == pytest.approx(max(review_means) - min(review_means))
        assert row.reviews_submitted == len(review_means)
        assert row.large_spread == (row.spread >= width * queries.LARGE_SPREAD_SHARE)


def counted(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def test_the_ranking_derives_spread_from_each_reviews_mean_at_3_and_300():
    call = call_with_criteria()
    reviewers = [make_reviewer("KE"), make_reviewer("FR"), make_reviewer("PH")]
    means = scored_applications(call, 3, reviewers)
    check_ranking(call, means)
    few = counted(lambda: list(queries.iterate_ranking(queries.ranking(call=call))))

    means |= scored_applications(call, 297, reviewers, start=3)

    check_ranking(call, means)
    assert counted(lambda: list(queries.iterate_ranking(queries.ranking(call=call)))) == few
    sql = str(queries.ranking(call=call).query)
    # The scores are read once, through the view: no correlated subquery over them that a
    # derived column (spread, its flag, the rank) would repeat.
    assert '"reviews_application_scores"' in sql
    assert '"reviews_score"' not in sql


def test_search_finds_reference_lead_and_partner_names_without_duplicates():
    call = call_with_criteria()
    reviewers = [make_reviewer("KE")]
    scored_applications(call, 300, reviewers)
    applications = Application.objects.filter(call=call)

    assert search_applications(applications, "ally of town 12").count() == 11  # 12, 120..129
    assert search_applications(applications, "OGPL-Q-0007").count() == 1
    assert search_applications(applications, "  TOWN 299 ").get().reference == "OGPL-Q-0299"
    assert search_applications(applications, "").count() == 300
    assert "DISTINCT" not in str(search_applications(applications, "x").query)


def test_name_search_can_use_the_trigram_indexes():
    call = call_with_criteria()
    scored_applications(call, 3, [make_reviewer("KE")])
    queryset = search_applications(Application.objects.filter(call=call), "ally of town")
    with connection.cursor() as cursor:
        # A tiny table would be scanned, whole or along its primary key.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "organisation_name_trgm" in plan, plan
    assert "application_reference_trgm" in plan, plan
    assert queryset.count() == 3


def test_a_calls_criteria_are_kept_until_one_changes(django_capture_on_commit_callbacks):
    from reviews.models import Criterion

    call = call_with_criteria()
    names = [criterion.name for criterion in queries.criteria_of(call)]
    assert names == list(call.criteria.order_by("position", "id").values_list("name", flat=True))
    with CaptureQueriesContext(connection) as read:
        assert [criterion.name for criterion in queries.criteria_of(call)] == names
    assert len(read) == 0

    with django_capture_on_commit_callbacks(execute=True):
        first = Criterion.objects.get(pk=queries.criteria_of(call)[0].pk)
        first.name = "Renamed"
        first.save()
    assert queries.criteria_of(call)[0].name == "Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert [criterion.name for criterion in queries.criteria_of(call)] == names[1:]
    other = call_with_criteria()  # another call's are its own
    assert {criterion.call_id for criterion in queries.criteria_of(other)} == {other.pk}


def test_the_reviews_among_the_assignments_are_reviews_of_the_application():
    """The application's page reads its reviews through its assignments
    (``assignments_with_reviews``, ``reviews_among``): the same reviews, in the same order,
    with the same means and conflicts as ``reviews_of``."""
    from reviews.models import Criterion

    call = call_with_criteria()
    scored = scored_applications(call, 1, [make_reviewer("KE"), make_reviewer("FR")])
    application = Application.objects.get(pk=next(iter(scored)))
    drafting = make_reviewer("DE")
    assignment = Assignment.objects.create(application=application, reviewer=drafting)
    first = Criterion.objects.filter(call=call).order_by("position").first()
    review = Review.objects.create(assignment=assignment, status=ReviewStatus.DRAFT)
    Score.objects.create(review=review, criterion=first, value=2)
    Assignment.objects.create(application=application, reviewer=make_reviewer("US"))  # none yet
    domain.declare_conflict(
        application=application, reviewer=drafting, reason="A friend.", declared_by=None
    )

    def seen(reviews):
        return [
            (each.pk, each.weighted_mean, each.conflicted, sorted(s.pk for s in each.scores.all()))
            for each in reviews
        ]

    among = queries.reviews_among(
        queries.assignments_with_reviews(application), include_drafts=True
    )
    assert seen(among) == seen(queries.reviews_of(application, include_drafts=True))
    assert len(among) == 3 and [each.conflicted for each in among] == [False, False, True]
    submitted = queries.reviews_among(
        queries.assignments_with_reviews(application), include_drafts=False
    )
    assert seen(submitted) == seen(queries.reviews_of(application, include_drafts=False))
