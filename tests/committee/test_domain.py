"""The committee's room through its domain functions: the discussion and its notices, the
shortlist and the cohort's warnings, decisions with reasons and feedback in the applicant's
language."""

import pytest
from django.core import mail

from committee import domain, queries
from committee.cohort import cohort_of, population_band_of
from committee.enums import CohortDimension, PopulationBand
from committee.exceptions import CohortRefused, DiscussionRefused
from committee.models import Comment, ShortlistMark
from reviews.enums import DecisionOutcome
from tests.committee.factories import committee_application, wait_for
from tests.reviews.factories import submit_scores

pytestmark = pytest.mark.django_db


def test_a_reviewer_writes_only_once_their_review_is_submitted():
    application, _coordinator, (first, _second) = committee_application()

    with pytest.raises(DiscussionRefused) as refused:
        domain.write_comment(application=application, author=first.reviewer, text="Strong plan.")
    assert refused.value.message == (
        "The discussion opens to a reviewer once their own review is submitted."
    )
    assert Comment.objects.count() == 0

    submit_scores(first, 4)
    comment = domain.write_comment(
        application=application, author=first.reviewer, text="  Strong plan.  ", shareable=True
    )
    assert comment.text == "Strong plan."
    assert list(queries.discussion_of(application)) == [comment]
    assert comment.history.count() == 1
    assert comment.history.first().history_user == first.reviewer


def test_an_empty_comment_is_refused():
    application, coordinator, _assignments = committee_application()
    with pytest.raises(DiscussionRefused) as refused:
        domain.write_comment(application=application, author=coordinator, text="   ")
    assert refused.value.message == "Write the comment first."


def test_the_participants_are_told_in_their_languages(celery_worker):
    application, coordinator, (first, second) = committee_application()
    submit_scores(first, 4)
    submit_scores(second, 3)
    first.reviewer.language = "es"
    first.reviewer.save(update_fields=["language"])
    coordinator.language = "fr"
    coordinator.save(update_fields=["language"])
    mail.outbox.clear()

    domain.write_comment(application=application, author=second.reviewer, text="Weak letters.")
    wait_for(lambda: len(mail.outbox) == 2)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {first.reviewer.email, coordinator.email}
    assert by_recipient[first.reviewer.email].subject == (
        f"[OGP Local] Nuevo comentario en la deliberación del comité sobre {application.reference}"
    )
    assert by_recipient[coordinator.email].subject == (
        f"[OGP Local] Nouveau commentaire dans la délibération du comité sur "
        f"{application.reference}"
    )
    # The notice says who wrote, never what: the page shows it to those who may read it.
    assert "Weak letters." not in by_recipient[coordinator.email].body


def test_a_reviewer_who_has_not_submitted_gets_no_notice(celery_worker):
    application, coordinator, (first, second) = committee_application()
    submit_scores(first, 4)
    mail.outbox.clear()
    domain.write_comment(application=application, author=first.reviewer, text="Good.")
    wait_for(lambda: len(mail.outbox) == 1)
    assert [message.to[0] for message in mail.outbox] == [coordinator.email]
    assert second.reviewer.email not in {message.to[0] for message in mail.outbox}


def test_the_feedback_starts_from_the_shareable_comments():
    application, coordinator, (first, _second) = committee_application()
    submit_scores(first, 4)
    domain.write_comment(
        application=application, author=first.reviewer, text="Name the co-creation forum."
    )
    domain.write_comment(
        application=application,
        author=first.reviewer,
        text="Describe how civil society will monitor.",
        shareable=True,
    )
    domain.write_comment(
        application=application, author=coordinator, text="Add a budget line.", shareable=True
    )
    assert domain.feedback_draft(application) == (
        "Describe how civil society will monitor.\n\nAdd a budget line."
    )


def test_the_shortlist_changes_the_cohort_and_its_warnings():
    application, coordinator, _assignments = committee_application(country="CL")
    other, _c, _a = committee_application(call=application.call, country="KE")
    third, _c, _a = committee_application(call=application.call, country="CL")

    cohort = cohort_of(application.call)
    assert (cohort.candidates, cohort.shortlisted, cohort.warnings) == (3, 0, [])

    domain.set_shortlisted(application=application, shortlisted=True, by=coordinator)
    domain.set_shortlisted(application=third, shortlisted=True, by=coordinator)
    cohort = cohort_of(application.call)
    regions = {line.value: line for line in cohort.tables[0].lines}
    assert cohort.tables[0].dimension == CohortDimension.REGION
    assert (regions["americas"].shortlisted, regions["americas"].candidates) == (2, 2)
    assert (
        regions["africa_middle_east"].shortlisted,
        regions["africa_middle_east"].candidates,
    ) == (
        0,
        1,
    )
    assert cohort.warnings == [
        "No candidate from Africa and the Middle East is shortlisted, though 1 applied.",
        "Chile has 2 of the 2 shortlisted applications, more than 25%.",
    ]

    domain.set_shortlisted(application=third, shortlisted=False, by=coordinator)
    domain.set_shortlisted(application=other, shortlisted=True, by=coordinator)
    domain.save_cohort_plan(
        call=application.call,
        by=coordinator,
        size=4,
        max_country_share=50,
        targets={("region", "europe"): 1},
    )
    cohort = cohort_of(application.call)
    assert cohort.warnings == []
    europe = next(line for line in cohort.tables[0].lines if line.value == "europe")
    assert (europe.target, europe.below_target) == (1, True)
    assert ShortlistMark.history.filter(history_type="-").count() == 1


def test_only_coordinators_shortlist():
    application, _coordinator, (first, _second) = committee_application()
    with pytest.raises(CohortRefused):
        domain.set_shortlisted(application=application, shortlisted=True, by=first.reviewer)
    assert not ShortlistMark.objects.exists()


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (None, PopulationBand.UNKNOWN),
        (99_999, PopulationBand.SMALL),
        (100_000, PopulationBand.MEDIUM),
        (500_000, PopulationBand.LARGE),
        (2_000_000, PopulationBand.VERY_LARGE),
    ],
)
def test_population_bands(population, band):
    assert population_band_of(population) == band


def test_the_decision_email_carries_the_feedback_in_the_applications_language(celery_worker):
    application, coordinator, _assignments = committee_application(language="pt")
    decision = domain.record_committee_decision(
        application=application,
        outcome=DecisionOutcome.NOT_ADMITTED,
        reason="O mandato restante é curto demais.",
        feedback="Descrevam como a sociedade civil acompanhará o plano.",
        by=coordinator,
    )
    assert decision.reason == "O mandato restante é curto demais."
    mail.outbox.clear()
    domain.release_call_decisions(call=application.call, by=coordinator)
    wait_for(lambda: len(mail.outbox) == 1)
    body = mail.outbox[0].body
    assert "Retorno do comitê de seleção:\n\nDescrevam como a sociedade civil acompanhará" in body
    assert "comunidade de prática" in body
