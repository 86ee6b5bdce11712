"""Changes requested at the completeness check, and per-application deadline extensions, on a
frozen clock (time-machine): what each side may do on which day."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from applications import changes, domain, extensions
from applications.enums import ApplicationStatus, ChangeRequestOutcome, EventKind
from applications.exceptions import ApplicationLocked, SubmissionRefused
from applications.models import ApplicationEditor, ChangeRequest
from letters import domain as letters_domain
from letters.enums import LetterKind
from letters.models import LetterInvitation
from publication import records
from reviews import changes as review_changes
from reviews import domain as review_domain
from reviews.enums import ReviewStage
from reviews.exceptions import StageChangeRefused
from tests.factories import ApplicationFactory, UserFactory, complete_application
from tests.reviews.factories import call_with_criteria, make_coordinator

pytestmark = pytest.mark.django_db

OPENS = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
CLOSES = datetime(2027, 4, 1, 17, 0, tzinfo=UTC)


def day(n, hour=12):
    """``n`` days after the call opened."""
    return OPENS + timedelta(days=n, hours=hour - 12)


@pytest.fixture
def call():
    with time_machine.travel(OPENS, tick=False):
        return call_with_criteria(opens_at=OPENS, closes_at=CLOSES)


@pytest.fixture
def coordinator():
    return make_coordinator()


def complete_draft(call, language="en"):
    with time_machine.travel(day(2), tick=False):
        application = ApplicationFactory(call=call)
        complete_application(application)
        application.owner_user.language = language
        application.owner_user.save(update_fields=["language"])
    return application


def submitted(call, before_submission=None, **kwargs):
    application = complete_draft(call, **kwargs)
    if before_submission:
        before_submission(application)
    with time_machine.travel(day(10), tick=False):
        domain.submit_application(
            application=application, user=application.owner_user, acknowledge_term_warning=True
        )
    application.refresh_from_db()
    return application


def invite(application, when):
    with time_machine.travel(when, tick=False):
        return letters_domain.invite_letter_author(
            application=application,
            organisation_name="Fundación Tribu",
            email="tribu@example.org",
            kind=LetterKind.CIVIL_SOCIETY,
            invited_by=application.owner_user,
            link_for=lambda token: f"https://portal.example/l/{token}",
        )


def fresh(application):
    return type(application).objects.select_related("call").get(pk=application.pk)


# Changes requested ------------------------------------------------------------------------


def test_a_request_reopens_the_application_after_the_deadline_until_it_is_resubmitted(
    call, coordinator
):
    invitations = []
    application = submitted(
        call, language="es", before_submission=lambda a: invitations.append(invite(a, day(5)))
    )
    (invitation,) = invitations
    owner = application.owner_user
    colleague = UserFactory(language="fr")
    ApplicationEditor.objects.create(application=application, user=colleague, role="editor")
    mail.outbox.clear()

    with time_machine.travel(CLOSES + timedelta(days=3), tick=False):
        assert not fresh(application).is_editable
        assert letters_domain.invitation_problem(invitation) is not None
        with pytest.raises(ApplicationLocked):
            domain.ensure_editable(fresh(application))
        with pytest.raises(SubmissionRefused):
            changes.resubmit(application=application, user=owner)

    asked = CLOSES + timedelta(days=4)
    with (
        time_machine.travel(asked, tick=False),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr("django.db.transaction.on_commit", lambda f, robust=False: f())
        request = review_changes.request_changes(
            application=application,
            items=["civil_society_letter", "not_a_checklist_item"],
            note="The letter of support is not signed.",
            answer_by=asked + timedelta(days=10),
            by=coordinator,
        )
    assert request.items == ["civil_society_letter"]  # only codes of the checklist are kept
    application = fresh(application)
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    assert application.candidacy.stage == ReviewStage.COMPLETENESS

    # Each editor is told in their own language.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {owner.email, colleague.email}
    assert "Se solicitan cambios" in by_recipient[owner.email].subject
    assert "Modifications demandées" in by_recipient[colleague.email].subject
    assert "The letter of support is not signed." in by_recipient[colleague.email].body

    # While the request waits: editable and the letter link works again, past the call's deadline.
    with time_machine.travel(asked + timedelta(days=2), tick=False):
        assert fresh(application).is_editable
        domain.ensure_editable(fresh(application))
        invitation = LetterInvitation.objects.select_related("application__call").get(
            pk=invitation.pk
        )
        assert letters_domain.invitation_problem(invitation) is None
        # The stage cannot move on while the applicants hold the application.
        with pytest.raises(StageChangeRefused):
            review_domain.move_stage(
                application=application, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator
            )
        packets_before = application.packets.count()
        domain.update_application_details(
            application=application,
            details={"lead_office": "Oficina de Gobierno Abierto"},
            government={},
            version=application.version,
            user=owner,
        )
        changes.resubmit(application=application, user=owner, acknowledge_term_warning=True)

    application = fresh(application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.candidacy.stage == ReviewStage.COMPLETENESS
    assert application.packets.count() == packets_before + 1  # a new packet for the new inputs
    request.refresh_from_db()
    assert request.outcome == ChangeRequestOutcome.RESUBMITTED
    assert request.resolved_by == owner
    # Locked again, and the letter link is dead again.
    assert not application.is_editable
    invitation.application.refresh_from_db()
    assert letters_domain.invitation_problem(invitation) is not None

    kinds = list(application.events.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds[-5:] == [
        EventKind.STATUS_CHANGED,  # submitted → changes requested
        EventKind.CHANGES_REQUESTED,
        EventKind.SECTION_SAVED,
        EventKind.STATUS_CHANGED,  # changes requested → submitted
        EventKind.CHANGES_CLOSED,
    ]
    requested_event = application.events.get(kind=EventKind.CHANGES_REQUESTED)
    assert requested_event.data["items"] == ["civil_society_letter"]
    with translation.override("pt"):
        assert "1 item" in requested_event.detail_display
        assert "UTC" in requested_event.detail_display


def test_changes_are_asked_only_at_the_completeness_check_by_a_coordinator(call, coordinator):
    application = submitted(call)
    later = CLOSES + timedelta(days=2)
    with time_machine.travel(later, tick=False):
        with pytest.raises(StageChangeRefused):
            review_changes.request_changes(
                application=application,
                items=["contact"],
                note="",
                answer_by=later + timedelta(days=7),
                by=application.owner_user,
            )
        with pytest.raises(changes.ChangeRequestRefused):
            review_changes.request_changes(
                application=application,
                items=[],
                note="",
                answer_by=later + timedelta(days=7),
                by=coordinator,
            )
        with pytest.raises(changes.ChangeRequestRefused):
            review_changes.request_changes(
                application=application,
                items=["contact"],
                note="",
                answer_by=later - timedelta(hours=1),
                by=coordinator,
            )
        review_domain.move_stage(
            application=application, to_stage=ReviewStage.DUE_DILIGENCE, by=coordinator
        )
        with pytest.raises(StageChangeRefused):
            review_changes.request_changes(
                application=application,
                items=["contact"],
                note="Check the contact.",
                answer_by=later + timedelta(days=7),
                by=coordinator,
            )
    assert not ChangeRequest.objects.exists()
    assert fresh(application).status == ApplicationStatus.SUBMITTED


def test_a_request_past_its_date_waits_for_the_coordinators_decision(call, coordinator):
    application = submitted(call)
    owner = application.owner_user
    asked = CLOSES + timedelta(days=1)
    answer_by = asked + timedelta(days=7)
    with time_machine.travel(asked, tick=False):
        request = review_changes.request_changes(
            application=application,
            items=["contact"],
            note="Please name the contact's position.",
            answer_by=answer_by,
            by=coordinator,
        )
    with time_machine.travel(answer_by - timedelta(minutes=1), tick=False):
        assert not ChangeRequest.objects.overdue().exists()
        assert not request.is_overdue()
    with time_machine.travel(answer_by + timedelta(minutes=1), tick=False):
        assert list(ChangeRequest.objects.overdue()) == [request]
        # Still the applicants' to answer until the coordinator decides.
        assert fresh(application).is_editable
        with pytest.raises(changes.ChangeRequestRefused):
            changes.close_change_request(change_request=request, by=owner)
        changes.close_change_request(change_request=request, by=coordinator)
        assert not ChangeRequest.objects.overdue().exists()
    application = fresh(application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert not application.is_editable
    request.refresh_from_db()
    assert request.outcome == ChangeRequestOutcome.CLOSED


# Extensions -------------------------------------------------------------------------------


def test_an_extension_moves_one_applications_deadline_and_no_other(call, coordinator):
    extended = complete_draft(call, language="pt")
    other = complete_draft(call)
    extended_invitation = invite(extended, day(5))
    other_invitation = invite(other, day(5))
    mail.outbox.clear()
    new_deadline = CLOSES + timedelta(days=3)

    with (
        time_machine.travel(day(20), tick=False),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr("django.db.transaction.on_commit", lambda f, robust=False: f())
        with pytest.raises(extensions.ExtensionRefused):
            extensions.grant_extension(
                application=extended, deadline=new_deadline, reason="Flood", by=extended.owner_user
            )
        with pytest.raises(extensions.ExtensionRefused):
            extensions.grant_extension(
                application=extended,
                deadline=CLOSES - timedelta(hours=1),
                reason="Flood",
                by=coordinator,
            )
        extensions.grant_extension(
            application=extended,
            deadline=new_deadline,
            reason="The town hall was flooded for a week.",
            by=coordinator,
        )
    assert fresh(extended).deadline == new_deadline
    assert extensions.effective_deadline(fresh(other)) == CLOSES
    (message,) = mail.outbox
    assert message.to == [extended.owner_user.email]
    assert "Novo prazo" in message.subject
    assert "flooded" not in message.body  # the reason stays on the desk

    after_close = CLOSES + timedelta(days=1)
    with time_machine.travel(after_close, tick=False):
        refused = domain.submission_problems(fresh(other), acknowledge_term_warning=True)
        assert len(refused) == 1 and "closed" in refused[0]
        with pytest.raises(SubmissionRefused):
            domain.submit_application(
                application=other, user=other.owner_user, acknowledge_term_warning=True
            )
        # Its letters too: the extended application's invitation still works, the other's not.
        assert letters_domain.invitation_problem(fresh_invitation(extended_invitation)) is None
        assert letters_domain.invitation_problem(fresh_invitation(other_invitation))
        domain.submit_application(
            application=extended, user=extended.owner_user, acknowledge_term_warning=True
        )
    assert fresh(extended).status == ApplicationStatus.SUBMITTED
    assert fresh(other).status == ApplicationStatus.DRAFT

    event = extended.events.get(kind=EventKind.DEADLINE_EXTENDED)
    with translation.override("es"):
        assert "UTC" in event.detail_display
        assert "flooded" not in event.detail_display


def test_an_extension_ends_too(call, coordinator):
    application = complete_draft(call)
    new_deadline = CLOSES + timedelta(days=2)
    with time_machine.travel(day(25), tick=False):
        extensions.grant_extension(
            application=application, deadline=new_deadline, reason="Election", by=coordinator
        )
    with time_machine.travel(new_deadline, tick=False):
        assert not fresh(application).is_editable
        with pytest.raises(SubmissionRefused):
            domain.submit_application(
                application=application,
                user=application.owner_user,
                acknowledge_term_warning=True,
            )


def fresh_invitation(invitation):
    return LetterInvitation.objects.select_related("application__call").get(pk=invitation.pk)


def test_the_public_record_shows_the_calls_deadline_not_an_extension(call, coordinator):
    application = complete_draft(call)
    with time_machine.travel(day(20), tick=False):
        extensions.grant_extension(
            application=application,
            deadline=CLOSES + timedelta(days=3),
            reason="The town hall was flooded for a week.",
            by=coordinator,
        )
    with time_machine.travel(CLOSES + timedelta(days=1), tick=False):
        domain.submit_application(
            application=application, user=application.owner_user, acknowledge_term_warning=True
        )
    call.results_published_at = CLOSES + timedelta(days=60)
    call.save(update_fields=["results_published_at"])
    published = records.call_record(call)
    (record,) = records.application_records(call, lambda path: path)
    text = repr((published, record))
    assert published["closes_at"] == CLOSES.isoformat()
    assert "flooded" not in text
    assert (CLOSES + timedelta(days=3)).isoformat() not in text
