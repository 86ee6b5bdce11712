"""Two-stage calls: shortlisting an expression of interest opens its full application with the
first-stage answers carried over; the public record shows both stages."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from applications import domain
from applications.enums import ApplicationStatus, EventKind
from applications.stages import ShortlistRefused, invite_to_full_application
from calls.enums import CallStage
from calls.models import Question
from publication import records
from tests.factories import ApplicationFactory, UserFactory, complete_application
from tests.reviews.factories import call_with_criteria, make_coordinator

pytestmark = pytest.mark.django_db

EOI_OPENS = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
EOI_CLOSES = datetime(2027, 2, 10, 17, 0, tzinfo=UTC)
FULL_OPENS = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
FULL_CLOSES = datetime(2027, 5, 1, 17, 0, tzinfo=UTC)


@pytest.fixture
def stages():
    with time_machine.travel(EOI_OPENS - timedelta(days=1), tick=False):
        eoi = call_with_criteria(
            title="Expressions of interest 2027", opens_at=EOI_OPENS, closes_at=EOI_CLOSES
        )
        full = call_with_criteria(
            title="Full applications 2027",
            opens_at=FULL_OPENS,
            closes_at=FULL_CLOSES,
            expression_of_interest=eoi,
        )
    # Each question of the full form starts with the answer to the same question of the EOI.
    eoi_questions = {q.text: q for q in Question.objects.filter(section__call=eoi)}
    for question in Question.objects.filter(section__call=full):
        question.carried_from = eoi_questions[question.text]
        question.save(update_fields=["carried_from"])
    return eoi, full


def submitted_eoi(eoi, name, language="en"):
    with time_machine.travel(EOI_OPENS + timedelta(days=3), tick=False):
        application = ApplicationFactory(call=eoi, lead_government__name=name)
        owner = application.owner_user
        owner.language = language
        owner.save(update_fields=["language"])
        complete_application(application)
        domain.submit_application(
            application=application, user=owner, acknowledge_term_warning=True
        )
    application.refresh_from_db()
    application.owner_user = owner
    return application


def test_a_shortlisted_expression_of_interest_starts_its_full_application(stages):
    eoi, full_call = stages
    assert eoi.stage == CallStage.EXPRESSION_OF_INTEREST
    assert full_call.stage == CallStage.FULL_APPLICATION
    coordinator = make_coordinator()
    renca = submitted_eoi(eoi, "Municipality of Renca", language="es")
    colleague = UserFactory(language="fr")
    renca.editors.create(user=colleague, role="editor")
    lima = submitted_eoi(eoi, "Municipality of Lima")
    mail.outbox.clear()

    with time_machine.travel(FULL_OPENS + timedelta(days=1), tick=False):
        with pytest.raises(ShortlistRefused):
            invite_to_full_application(application=renca, by=renca.owner_user)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda f, robust=False: f())
            full = invite_to_full_application(application=renca, by=coordinator)
        with pytest.raises(ShortlistRefused):  # once
            invite_to_full_application(application=renca, by=coordinator)
        assert full.is_editable

    assert full.call == full_call
    assert full.status == ApplicationStatus.DRAFT
    assert full.first_stage == renca
    assert full.lead_government.name == "Municipality of Renca"
    assert full.lead_government_id != renca.lead_government_id
    assert set(full.editors.values_list("user", "role")) == set(
        renca.editors.values_list("user", "role")
    )
    assert [p.organisation.name for p in full.partners.all()] == [
        p.organisation.name for p in renca.partners.all()
    ]
    first_answers = {a.question.text: a.value for a in renca.answers.select_related("question")}
    carried = {a.question.text: a.value for a in full.answers.select_related("question")}
    assert carried and carried == first_answers
    assert all(a.question.section.call == full_call for a in full.answers.all())
    event = full.events.get(kind=EventKind.STARTED_FROM_FIRST_STAGE)
    assert event.data["answers"] == len(carried)
    assert renca.events.filter(kind=EventKind.SHORTLISTED).exists()

    # Each editor is invited in their own language.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {renca.owner_user.email, colleague.email}
    assert "Full applications 2027" in by_recipient[colleague.email].subject
    assert "invité" in by_recipient[colleague.email].subject.lower()
    assert "invitado" in by_recipient[renca.owner_user.email].subject.lower()
    assert full.get_absolute_url() in by_recipient[colleague.email].body

    # Lima was not shortlisted: it has no full application.
    assert not hasattr(lima, "full_application") or lima.full_application is None


def test_only_an_expression_of_interest_is_shortlisted(stages):
    eoi, full_call = stages
    coordinator = make_coordinator()
    with time_machine.travel(FULL_OPENS + timedelta(days=1), tick=False):
        draft = ApplicationFactory(call=eoi)
        with pytest.raises(ShortlistRefused):
            invite_to_full_application(application=draft, by=coordinator)
        single = ApplicationFactory(call=call_with_criteria())
        with pytest.raises(ShortlistRefused):
            invite_to_full_application(application=single, by=coordinator)
    renca = submitted_eoi(eoi, "Municipality of Renca")
    with (
        time_machine.travel(FULL_CLOSES + timedelta(days=1), tick=False),
        pytest.raises(ShortlistRefused),  # the full call has closed
    ):
        invite_to_full_application(application=renca, by=coordinator)


def test_the_open_data_shows_both_stages(stages):
    eoi, full_call = stages
    coordinator = make_coordinator()
    renca = submitted_eoi(eoi, "Municipality of Renca")
    lima = submitted_eoi(eoi, "Municipality of Lima")
    with time_machine.travel(FULL_OPENS + timedelta(days=1), tick=False):
        full = invite_to_full_application(application=renca, by=coordinator)
        complete_application(full, renca.owner_user)
        domain.submit_application(
            application=full, user=renca.owner_user, acknowledge_term_warning=True
        )
    for call in (eoi, full_call):
        call.results_published_at = FULL_CLOSES + timedelta(days=30)
        call.save(update_fields=["results_published_at"])
    eoi.refresh_from_db()
    full_call.refresh_from_db()

    assert records.call_record(eoi)["stage"] == "expression_of_interest"
    assert records.call_record(eoi)["full_application_call"] == full_call.slug
    assert records.call_record(full_call)["expression_of_interest_call"] == eoi.slug
    first = {r["reference"]: r for r in records.application_records(eoi, lambda path: path)}
    assert first[renca.reference]["shortlisted"] is True
    assert first[lima.reference]["shortlisted"] is False
    (second,) = records.application_records(full_call, lambda path: path)
    assert second["expression_of_interest"] == renca.reference
    assert records.csv_row(second)[-2:] == [renca.reference, "no"]
