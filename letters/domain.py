"""Letters of intent and support: inviting their authors, receiving files, replacing them.

Every upload, by an editor or through an invitation, goes through receive_letter(), which
judges the file by its content (validation.inspect_letter) before anything is stored.
"""

import unicodedata

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from applications.domain import lock_for_change, record_event
from applications.enums import ApplicationStatus, EventKind, OrganisationKind
from applications.exceptions import ApplicationError, ApplicationLocked
from applications.mail import send_mail_in_language

from .enums import LetterKind, LetterStatus
from .models import Letter, LetterInvitation
from .tokens import invitation_token
from .validation import InspectedLetter, inspect_letter

LETTER_FIELDS = [
    "kind",
    "government",
    "author_organisation",
    "signatory_name",
    "signatory_title",
    "signed_on",
    "language",
]
INVITABLE_KINDS = [LetterKind.CIVIL_SOCIETY, LetterKind.PEER]


class InvitationUnusable(ApplicationError):
    """The invitation link can no longer be used; the message says why."""


def display_filename(name: str) -> str:
    """The uploaded file's name as safe display text: no path, no odd characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    try:
        cleaned = get_valid_filename(name)
    except Exception:  # get_valid_filename refuses names like "..": fall back to a plain label
        cleaned = ""
    return cleaned[:150] or "letter"


def invitation_problem(invitation: LetterInvitation, now=None) -> str | None:
    """Why the invitation link cannot be used now, or None if it can."""
    now = now or timezone.now()
    application = invitation.application
    if invitation.revoked_at:
        return _("This invitation was withdrawn by the applicants. Ask them for a new link.")
    if application.status != ApplicationStatus.DRAFT:
        return _(
            "The application has been submitted; letters can no longer be added through this link."
        )
    if now >= application.call.closes_at:
        return _("The call closed on %(deadline)s; this link has expired.") % {
            "deadline": timezone.localtime(application.call.closes_at).strftime("%Y-%m-%d %H:%M %Z")
        }
    return None


def invite_letter_author(
    *, application, organisation_name, email, kind, invited_by, link_for
) -> LetterInvitation:
    """Invite an organisation to upload a letter; ``link_for(token)`` builds the absolute link."""
    if kind not in INVITABLE_KINDS:
        raise ApplicationError(_("Invitations are for letters of support."))
    with transaction.atomic():
        lock_for_change(application)
        invitation = LetterInvitation.objects.create(
            application=application,
            organisation_name=organisation_name.strip(),
            email=email.strip(),
            kind=kind,
            invited_by=invited_by,
        )
        record_event(
            application=application,
            kind=EventKind.LETTER_INVITED,
            actor=invited_by,
            detail=invitation.organisation_name,
        )
        link = link_for(invitation_token(invitation))
        transaction.on_commit(
            lambda: send_mail_in_language(
                to=[invitation.email],
                template="letters/emails/invitation",
                language=application.language,
                context={"invitation": invitation, "application": application, "link": link},
            )
        )
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: LetterInvitation, user):
    lock_for_change(invitation.application)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = user
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        application=invitation.application,
        kind=EventKind.LETTER_INVITATION_REVOKED,
        actor=user,
        detail=invitation.organisation_name,
    )


def receive_letter(
    *,
    application,
    data: bytes,
    filename: str,
    details: dict,
    uploaded_by=None,
    invitation: LetterInvitation | None = None,
    replaces: Letter | None = None,
) -> Letter:
    """Judge the file, then store it as a letter of ``application``.

    ``details`` holds the LETTER_FIELDS. Raises validation.LetterRefused for a bad file and
    ApplicationError when the application or invitation no longer accepts letters. The
    replaced letter, if any, stays in the history with status "replaced".
    """
    inspected = inspect_letter(data)
    letter = None
    try:
        with transaction.atomic():
            if invitation is not None:
                _lock_for_invitee(invitation)
            else:
                lock_for_change(application)
            if replaces is not None:
                Letter.objects.filter(pk=replaces.pk, status=LetterStatus.RECEIVED).update(
                    status=LetterStatus.REPLACED
                )
            letter = _new_letter(
                application, inspected, filename, details, uploaded_by, invitation, replaces
            )
            letter.file.save(letter_file_name(inspected), ContentFile(data), save=False)
            letter.save()
            record_event(
                application=application,
                kind=EventKind.LETTER_RECEIVED,
                actor=uploaded_by,
                detail=letter.author_organisation,
                data={"letter": letter.pk, "letter_kind": letter.kind},
            )
    except Exception:
        # The row was rolled back: do not leave its file behind.
        if letter is not None and letter.file.name:
            letter.file.storage.delete(letter.file.name)
        raise
    if invitation is not None:
        _notify_letter_received(letter, invitation)
    return letter


def letter_file_name(inspected: InspectedLetter) -> str:
    return (
        "letter"
        + {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[
            inspected.content_type
        ]
    )


def _lock_for_invitee(invitation):
    """Lock the application row and re-read what decides whether the link still works."""
    application = invitation.application
    application.status = (
        type(application)
        .objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=application.pk)
    )
    invitation.refresh_from_db(fields=["revoked_at"])
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem)


def _new_letter(application, inspected, filename, details, uploaded_by, invitation, replaces):
    letter = Letter(
        application=application,
        uploaded_by=uploaded_by if uploaded_by and uploaded_by.is_authenticated else None,
        invitation=invitation,
        replaces=replaces,
        original_filename=display_filename(filename),
        content_type=inspected.content_type,
        size=inspected.size,
        page_count=inspected.page_count,
        sha256=inspected.sha256,
        extracted_text=inspected.text,
        signature_status=inspected.signature_status,
        **{name: details.get(name) for name in LETTER_FIELDS if name in details},
    )
    if invitation is not None:
        letter.kind = invitation.kind
    if letter.kind != LetterKind.INTENT:
        letter.government = None
    signature = inspected.signatures[0] if inspected.signatures else None
    if signature is not None:
        letter.signature_signer = signature.signer[:300]
        letter.signature_time = signature.signed_at
    return letter


def _notify_letter_received(letter, invitation):
    application = letter.application

    def send():
        for editor in application.editors.select_related("user"):
            send_mail_in_language(
                to=[editor.user.email],
                template="letters/emails/letter_received",
                language=editor.user.language,
                context={"letter": letter, "application": application, "recipient": editor.user},
            )
        send_mail_in_language(
            to=[invitation.email],
            template="letters/emails/receipt",
            language=application.language,
            context={"letter": letter, "application": application, "invitation": invitation},
        )

    transaction.on_commit(send)


@transaction.atomic
def withdraw_letter(*, letter: Letter, user):
    lock_for_change(letter.application)
    if letter.status != LetterStatus.RECEIVED:
        raise ApplicationLocked(_("This letter is no longer current."))
    letter.status = LetterStatus.WITHDRAWN
    letter.save(update_fields=["status"])
    record_event(
        application=letter.application,
        kind=EventKind.LETTER_WITHDRAWN,
        actor=user,
        detail=letter.author_organisation,
        data={"letter": letter.pk, "letter_kind": letter.kind},
    )


def application_governments(application):
    """The lead government and the government partners: the governments letters must name."""
    return [application.lead_government] + [
        partner.organisation
        for partner in application.partners.select_related("organisation")
        if partner.organisation.kind == OrganisationKind.GOVERNMENT
    ]


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


def letter_warnings(letter: Letter, governments=None) -> list[str]:
    """What a reviewer should look at twice: a letter naming none of the governments, or dated
    outside the call's window. Scans have no text, so only the date is checked for them."""
    warnings = []
    application = letter.application
    governments = governments if governments is not None else application_governments(application)
    text = _folded(letter.extracted_text)
    if text and not any(_government_named(government.name, text) for government in governments):
        warnings.append(
            _("The letter's text names none of the governments in the application (%(names)s).")
            % {"names": ", ".join(government.name for government in governments)}
        )
    call = application.call
    opens, closes = timezone.localdate(call.opens_at), timezone.localdate(call.closes_at)
    if letter.signed_on and not (opens <= letter.signed_on <= closes):
        warnings.append(
            _("The letter is dated %(date)s, outside the call's window (%(opens)s to %(closes)s).")
            % {"date": letter.signed_on, "opens": opens, "closes": closes}
        )
    return warnings


GENERIC_WORDS = {
    "municipality", "municipal", "government", "of", "the", "de", "del", "la", "el", "los", "las",
    "municipalidad", "gobierno", "autonomous", "autonomo", "regional", "metropolitan",
    "metropolitana", "metropolitano", "city", "ciudad", "province", "provincia", "and", "y",
}  # fmt: skip


def _government_named(name: str, folded_text: str) -> bool:
    """A government counts as named if its full name or its distinctive words appear."""
    folded_name = _folded(name)
    if folded_name in folded_text:
        return True
    distinctive = [
        word for word in folded_name.split() if word not in GENERIC_WORDS and len(word) > 2
    ]
    return bool(distinctive) and all(word in folded_text for word in distinctive)
