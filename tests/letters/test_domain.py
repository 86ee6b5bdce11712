import datetime
import re

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from applications import domain as application_domain
from applications.checklist import build_checklist
from applications.exceptions import ApplicationLocked
from letters import domain
from letters.enums import LetterKind, LetterStatus
from letters.models import Letter
from letters.tokens import invitation_from_token, invitation_token
from letters.validation import LetterRefused
from tests.factories import (
    ApplicationFactory,
    GovernmentFactory,
    PartnerFactory,
    complete_application,
)
from tests.letters import samples

pytestmark = pytest.mark.django_db


def details(**overrides):
    return {
        "kind": LetterKind.CIVIL_SOCIETY,
        "government": None,
        "author_organisation": "Fundación Tribu",
        "signatory_name": "Tomás González",
        "signatory_title": "President",
        "signed_on": timezone.localdate(),
        "language": "es",
    } | overrides


def intent_for(government, **overrides):
    return details(
        kind=LetterKind.INTENT,
        government=government,
        author_organisation=government.name,
        **overrides,
    )


def test_a_valid_pdf_is_stored_privately_with_its_metadata():
    application = ApplicationFactory()
    data = samples.pdf("Fundación Tribu supports the Municipality.", pages=2)

    letter = domain.receive_letter(
        application=application,
        data=data,
        filename="../../etc/Carta de apoyo.pdf",
        details=details(),
        uploaded_by=application.owner_user,
    )

    assert letter.status == LetterStatus.RECEIVED
    assert letter.page_count == 2
    assert letter.content_type == "application/pdf"
    assert letter.size == len(data)
    assert "Fundación Tribu supports" in letter.extracted_text
    assert letter.original_filename == "Carta_de_apoyo.pdf"
    assert "Carta" not in letter.file.name and letter.file.name.endswith(".pdf")
    assert storages["private"].exists(letter.file.name)
    with letter.file.open("rb") as stored:
        assert stored.read() == data


def test_a_scan_is_accepted_as_one_page():
    application = ApplicationFactory()
    letter = domain.receive_letter(
        application=application,
        data=samples.jpeg(800, 1100),
        filename="scan.jpg",
        details=details(),
        uploaded_by=application.owner_user,
    )
    assert (letter.content_type, letter.page_count, letter.extracted_text) == ("image/jpeg", 1, "")


def test_a_refused_file_stores_nothing():
    application = ApplicationFactory()
    with pytest.raises(LetterRefused):
        domain.receive_letter(
            application=application,
            data=samples.html_named_pdf(),
            filename="letter.pdf",
            details=details(),
            uploaded_by=application.owner_user,
        )
    assert not Letter.objects.exists()


def test_letters_of_intent_are_required_from_every_government_and_support_from_an_ngo():
    application = ApplicationFactory()
    renca = GovernmentFactory(name="Municipality of Renca")
    PartnerFactory(application=application, organisation=renca, role="Joint applicant")
    codes = {item.code for item in build_checklist(application).missing}
    assert {
        f"intent_{application.lead_government_id}",
        f"intent_{renca.pk}",
        "civil_society_letter",
    } <= codes

    for government in (application.lead_government, renca):
        domain.receive_letter(
            application=application,
            data=samples.pdf(f"{government.name} intends to join OGP Local."),
            filename="intent.pdf",
            details=intent_for(government),
            uploaded_by=application.owner_user,
        )
    domain.receive_letter(
        application=application,
        data=samples.pdf("Support."),
        filename="support.pdf",
        details=details(),
        uploaded_by=application.owner_user,
    )

    codes = {item.code for item in build_checklist(application).missing}
    assert not {
        code for code in codes if code.startswith("intent_") or code == "civil_society_letter"
    }


def test_a_peer_letter_does_not_count_as_civil_society_support():
    application = ApplicationFactory()
    domain.receive_letter(
        application=application,
        data=samples.pdf("Peer support"),
        filename="peer.pdf",
        details=details(kind=LetterKind.PEER, author_organisation="Municipality of Maipú"),
        uploaded_by=application.owner_user,
    )
    assert "civil_society_letter" in {item.code for item in build_checklist(application).missing}


def test_invitee_replaces_their_letter_and_the_old_one_stays_in_the_history(
    django_capture_on_commit_callbacks, mailoutbox
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = domain.invite_letter_author(
            application=application,
            organisation_name="Fundación Tribu",
            email="tomas@tribu.example.org",
            kind=LetterKind.CIVIL_SOCIETY,
            invited_by=application.owner_user,
            link_for=lambda token: f"https://portal.test/letters/invitation/{token}/",
        )
    assert mailoutbox[-1].to == ["tomas@tribu.example.org"]
    token = re.search(r"/letters/invitation/(\S+)/", mailoutbox[-1].body).group(1)
    assert invitation_from_token(token) == invitation

    with django_capture_on_commit_callbacks(execute=True):
        first = domain.receive_letter(
            application=application,
            data=samples.pdf("First"),
            filename="a.pdf",
            details=details(),
            invitation=invitation,
        )
    receipt = mailoutbox[-1]
    assert receipt.to == ["tomas@tribu.example.org"] and first.sha256 in receipt.body
    assert any(m.to == [application.owner_user.email] for m in mailoutbox)

    second = domain.receive_letter(
        application=application,
        data=samples.pdf("Second"),
        filename="b.pdf",
        details=details(),
        invitation=invitation,
        replaces=first,
    )
    first.refresh_from_db()
    assert first.status == LetterStatus.REPLACED
    assert second.replaces == first
    assert list(Letter.objects.current().filter(application=application)) == [second]


def test_invitation_tokens_are_signed_and_revocable():
    application = ApplicationFactory()
    invitation = domain.invite_letter_author(
        application=application,
        organisation_name="Tribu",
        email="t@example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=str,
    )
    token = invitation_token(invitation)
    assert invitation_from_token(token) == invitation
    assert invitation_from_token(token[:-2] + "xx") is None
    assert invitation_from_token("garbage") is None
    assert domain.invitation_problem(invitation) is None

    domain.revoke_invitation(invitation=invitation, user=application.owner_user)
    invitation.refresh_from_db()
    assert "withdrawn" in domain.invitation_problem(invitation)
    with pytest.raises(domain.InvitationUnusable):
        domain.receive_letter(
            application=application,
            data=samples.pdf("Late"),
            filename="a.pdf",
            details=details(),
            invitation=invitation,
        )
    assert not Letter.objects.exists()


def test_invitation_stops_working_when_the_call_closes_or_the_application_is_submitted():
    application = ApplicationFactory()
    invitation = domain.invite_letter_author(
        application=application,
        organisation_name="Tribu",
        email="t@example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=str,
    )
    assert "closed" in domain.invitation_problem(invitation, now=application.call.closes_at)

    complete_application(application)
    application_domain.submit_application(application=application, user=application.owner_user)
    invitation.refresh_from_db()
    assert "submitted" in domain.invitation_problem(invitation)


def test_editors_cannot_add_letters_after_submission():
    application = ApplicationFactory()
    complete_application(application)
    application_domain.submit_application(application=application, user=application.owner_user)

    with pytest.raises(ApplicationLocked):
        domain.receive_letter(
            application=application,
            data=samples.pdf("Late"),
            filename="x.pdf",
            details=details(),
            uploaded_by=application.owner_user,
        )


def test_reviewer_warnings_for_names_and_dates():
    application = ApplicationFactory(lead_government__name="Municipality of Renca")
    named = domain.receive_letter(
        application=application,
        data=samples.pdf("La Municipalidad de Renca manifiesta su intención."),
        filename="a.pdf",
        details=intent_for(application.lead_government),
        uploaded_by=application.owner_user,
    )
    assert domain.letter_warnings(named) == []

    unrelated = domain.receive_letter(
        application=application,
        data=samples.pdf("We support the city of Springfield."),
        filename="b.pdf",
        details=details(signed_on=datetime.date(2019, 1, 1)),
        uploaded_by=application.owner_user,
    )
    warnings = domain.letter_warnings(unrelated)
    assert len(warnings) == 2
    assert "names none of the governments" in warnings[0]
    assert "outside the call's window" in warnings[1]


def test_display_filename_is_safe_text():
    assert domain.display_filename("C:\\Users\\x\\carta final.PDF") == "carta_final.PDF"
    assert domain.display_filename("<script>.pdf") == "script.pdf"
    assert domain.display_filename("..") == "letter"


def test_a_letter_protected_against_editing_is_stored_flagged_and_shown(client):
    application = ApplicationFactory()
    letter = domain.receive_letter(
        application=application,
        data=samples.signed_encrypted_pdf(),
        filename="carta-firmada.pdf",
        details=details(),
        uploaded_by=application.owner_user,
    )

    letter.refresh_from_db()
    assert letter.edit_protected is True
    assert letter.signature_status == "intact"
    assert letter.signature_signer == "Carolina Leitao"
    client.force_login(application.owner_user)
    page = client.get(f"/applications/{application.reference}/letters/").content.decode()
    assert "Protected against editing" in page
