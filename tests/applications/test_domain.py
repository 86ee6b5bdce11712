from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from applications import domain, editors
from applications.checklist import build_checklist
from applications.enums import ApplicationStatus, EventKind
from applications.exceptions import (
    ApplicationLocked,
    DuplicateApplication,
    EditConflict,
    InvitationInvalid,
    SubmissionRefused,
    TransitionNotAllowed,
)
from applications.models import Answer, EditorInvitation, Organisation
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernmentFactory,
    PartnerFactory,
    UserFactory,
    complete_application,
)

pytestmark = pytest.mark.django_db


def new_government(name="Municipality of Renca", country="CL"):
    return Organisation(
        name=name, country=country, government_level="municipal", term_ends_on=timezone.localdate()
    )


def test_start_application_creates_a_draft_owned_by_its_creator():
    call, user = CallFactory(), UserFactory()

    application = domain.start_application(call=call, user=user, lead_government=new_government())

    assert application.status == ApplicationStatus.DRAFT
    assert application.reference == f"OGPL-{timezone.now().year}-0001"
    assert list(application.editors.values_list("user", "role")) == [(user.pk, "owner")]
    assert list(application.events.values_list("kind", flat=True)) == [EventKind.CREATED]
    assert application.lead_government.kind == "government"


def test_references_are_sequential():
    call = CallFactory()
    first = domain.start_application(
        call=call, user=UserFactory(), lead_government=new_government("A")
    )
    second = domain.start_application(
        call=call, user=UserFactory(), lead_government=new_government("B")
    )
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(timedelta(days=-20), timedelta(days=-1)), (timedelta(days=1), timedelta(days=20))],
    ids=["closed", "upcoming"],
)
def test_start_application_is_refused_outside_the_call_window(opens, closes):
    now = timezone.now()
    call = CallFactory(opens_at=now + opens, closes_at=now + closes)

    with pytest.raises(ApplicationLocked):
        domain.start_application(call=call, user=UserFactory(), lead_government=new_government())

    assert call.applications.count() == 0


def test_one_application_per_lead_government_per_call():
    call = CallFactory()
    first = domain.start_application(
        call=call, user=UserFactory(), lead_government=new_government()
    )

    with pytest.raises(DuplicateApplication):
        domain.start_application(
            call=call,
            user=UserFactory(),
            lead_government=new_government("  municipality OF renca "),
        )

    # The same name in another country is another government.
    domain.start_application(
        call=call, user=UserFactory(), lead_government=new_government(country="PE")
    )
    # Once withdrawn, the government may apply again.
    domain.withdraw_application(application=first, user=first.editors.get().user)
    domain.start_application(call=call, user=UserFactory(), lead_government=new_government())
    assert call.applications.filter(lead_government__name="Municipality of Renca").count() == 3


def test_save_section_refuses_a_stale_version_and_keeps_the_first_save():
    application = ApplicationFactory()
    section = application.call.sections.first()
    question = section.questions.first()
    alice, bob = application.owner_user, UserFactory()

    version = domain.section_version(application, section)
    domain.save_section(
        application=application,
        section=section,
        answers={question.pk: "Alice's text"},
        version=version,
        user=alice,
    )
    with pytest.raises(EditConflict) as refused:
        domain.save_section(
            application=application,
            section=section,
            answers={question.pk: "Bob's text"},
            version=version,
            user=bob,
        )

    assert str(alice) in refused.value.message
    assert Answer.objects.get(application=application, question=question).value == "Alice's text"
    assert domain.section_version(application, section) == version + 1


def test_update_details_refuses_a_stale_version():
    application = ApplicationFactory()
    loaded_version = application.version
    domain.update_application_details(
        application=application,
        details={"lead_office": "Planning"},
        government={"population": 1000},
        version=loaded_version,
        user=application.owner_user,
    )

    with pytest.raises(EditConflict):
        domain.update_application_details(
            application=application,
            details={"lead_office": "Mayor's office"},
            government={"population": 2},
            version=loaded_version,
            user=application.owner_user,
        )

    application.refresh_from_db()
    assert application.lead_office == "Planning"
    assert application.lead_government.population == 1000


def test_checklist_names_every_missing_piece():
    application = ApplicationFactory(lead_government__population=None)

    checklist = build_checklist(application)

    missing = {item.code: item for item in checklist.missing}
    assert "population" in missing["lead_government"].missing
    assert missing["contact"].url.endswith("/details/")
    assert missing["ngo_partner"].url.endswith("/partners/add/")
    required_sections = [
        s for s in application.call.sections.all() if s.questions.filter(required=True).exists()
    ]
    assert {f"section_{s.pk}" for s in required_sections} <= set(missing)
    assert not checklist.is_complete


def test_a_government_partner_does_not_satisfy_the_non_governmental_rule():
    application = ApplicationFactory()
    PartnerFactory(application=application, organisation=GovernmentFactory())

    codes = {item.code for item in build_checklist(application).missing}

    assert "ngo_partner" in codes


def test_submitting_an_incomplete_application_is_refused_and_loses_nothing():
    application = ApplicationFactory()
    section = application.call.sections.first()
    question = section.questions.first()
    domain.save_section(
        application=application,
        section=section,
        answers={question.pk: "Kept"},
        version=0,
        user=application.owner_user,
    )

    with pytest.raises(SubmissionRefused) as refused:
        domain.submit_application(application=application, user=application.owner_user)

    reasons = refused.value.reasons
    assert any("non-governmental partner" in reason for reason in reasons)
    assert any("point of contact" in reason for reason in reasons)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.answers.get(question=question).value == "Kept"


def test_submitting_a_complete_application():
    application = complete_application(ApplicationFactory())

    domain.submit_application(application=application, user=application.owner_user)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    event = application.events.filter(kind=EventKind.STATUS_CHANGED).get()
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "submitted",
        application.owner_user,
    )
    with pytest.raises(ApplicationLocked):
        domain.ensure_editable(application)


def test_submission_is_refused_after_the_deadline_by_the_server_clock():
    application = complete_application(ApplicationFactory())

    with pytest.raises(SubmissionRefused) as refused:
        domain.submit_application(
            application=application,
            user=application.owner_user,
            now=application.call.closes_at + timedelta(seconds=1),
        )

    assert "closed" in refused.value.reasons[0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_short_term_must_be_acknowledged():
    application = complete_application(ApplicationFactory())
    deadline = timezone.localdate(application.call.closes_at)
    Organisation.objects.filter(pk=application.lead_government_id).update(
        term_ends_on=deadline + timedelta(days=200)
    )
    application.refresh_from_db()

    checklist = build_checklist(application)
    assert checklist.is_complete
    assert [item.code for item in checklist.warnings] == ["term"]
    with pytest.raises(SubmissionRefused) as refused:
        domain.submit_application(application=application, user=application.owner_user)
    assert "months after the call's deadline" in refused.value.reasons[0]

    domain.submit_application(
        application=application, user=application.owner_user, acknowledge_term_warning=True
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.term_warning_acknowledged


def test_term_months_counts_whole_months_after_the_deadline():
    application = ApplicationFactory()
    deadline = timezone.localdate(application.call.closes_at)
    application.lead_government.term_ends_on = deadline.replace(year=deadline.year + 1)
    assert application.term_months_after_deadline == 12
    application.lead_government.term_ends_on = deadline - timedelta(days=1)
    assert application.term_months_after_deadline in (-1, 0)


def test_status_moves_only_along_allowed_transitions():
    application = ApplicationFactory()

    with pytest.raises(TransitionNotAllowed):
        domain.set_application_status(application=application, to_status=ApplicationStatus.DECIDED)

    domain.withdraw_application(application=application, user=application.owner_user)
    with pytest.raises(TransitionNotAllowed):
        domain.set_application_status(
            application=application, to_status=ApplicationStatus.SUBMITTED
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None


def test_withdrawal_is_refused_after_the_deadline():
    application = ApplicationFactory()
    with pytest.raises(ApplicationLocked):
        domain.withdraw_application(
            application=application, user=application.owner_user, now=application.call.closes_at
        )


def test_editor_invitation_is_accepted_once_by_the_invited_address(
    django_capture_on_commit_callbacks, mailoutbox
):
    application = ApplicationFactory()
    links = []
    with django_capture_on_commit_callbacks(execute=True):
        invitation = editors.invite_editor(
            application=application,
            email="Colleague@Example.org",
            invited_by=application.owner_user,
            accept_url_for=lambda token: links.append(token) or f"https://portal.test/i/{token}/",
        )
    token = links[0]
    assert invitation.token_hash != token and token not in invitation.token_hash
    assert len(mailoutbox) == 1 and f"https://portal.test/i/{token}/" in mailoutbox[0].body

    with pytest.raises(InvitationInvalid):
        editors.accept_editor_invitation(
            token=token, user=UserFactory(email="someone.else@example.org")
        )
    colleague = UserFactory(email="colleague@example.org")
    editors.accept_editor_invitation(token=token, user=colleague)

    assert application.editors.filter(user=colleague, role="editor").exists()
    with pytest.raises(InvitationInvalid):
        editors.accept_editor_invitation(token=token, user=colleague)


def test_expired_or_revoked_invitations_are_refused(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    tokens = []
    with django_capture_on_commit_callbacks(execute=True):
        editors.invite_editor(
            application=application,
            email="a@example.org",
            invited_by=application.owner_user,
            accept_url_for=tokens.append,
        )
    EditorInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(InvitationInvalid, match="expired"):
        editors.find_invitation(tokens[0])

    EditorInvitation.objects.update(
        expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now()
    )
    with pytest.raises(InvitationInvalid):
        editors.find_invitation(tokens[0])
    with pytest.raises(InvitationInvalid):
        editors.find_invitation("not-a-token")


def test_a_question_with_answers_cannot_be_deleted_only_retired():
    application = ApplicationFactory()
    section = application.call.sections.first()
    question = section.questions.first()
    domain.save_section(
        application=application,
        section=section,
        answers={question.pk: "x"},
        version=0,
        user=application.owner_user,
    )

    with pytest.raises(ProtectedError):
        question.delete()

    question.retired = True
    question.save()
    assert question not in section.questions.active()
    assert application.answers.get(question=question).value == "x"


def test_partners_are_added_changed_and_removed_only_while_editable():
    application = ApplicationFactory()
    user = application.owner_user
    partner = domain.add_partner(
        application=application,
        organisation=Organisation(name="Fundación Tribu", country="CL", kind="civil_society"),
        role="Ally",
        user=user,
    )
    partner.role = "Co-creation partner"
    domain.update_partner(partner=partner, user=user)
    assert application.partners.get().role == "Co-creation partner"

    domain.remove_partner(partner=partner, user=user)
    assert not application.partners.exists()
    assert not Organisation.objects.filter(name="Fundación Tribu").exists()

    complete_application(application)
    domain.submit_application(application=application, user=user)
    with pytest.raises(ApplicationLocked):
        domain.add_partner(
            application=application,
            organisation=Organisation(name="Late", country="CL", kind="civil_society"),
            role="Ally",
            user=user,
        )
