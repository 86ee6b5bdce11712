"""Letters of intent and support: inviting their authors, receiving files, replacing them.

Every upload, by an editor or through an invitation, goes through receive_letter(), which
judges the file by its content (validation.inspect_letter) before anything is stored.
"""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from applications.domain import lock_application, lock_for_change, record_event
from applications.enums import ApplicationStatus, EventKind, OrganisationKind
from applications.exceptions import ApplicationError, ApplicationLocked
from applications.mail import mail_editors, send_mail_in_language
from calls.formatting import with_time_zone

from .enums import LetterKind, LetterStatus
from .models import Letter, LetterInvitation
from .sandbox import inspect_letter_isolated
from .tokens import invitation_token
from .validation import InspectedLetter

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


class QuotaReached(ApplicationError):
    """An upload or invitation quota is used up; the message says which and until when."""


def display_filename(name: str) -> str:
    """The uploaded file's name as safe display text: no path, no odd characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    try:
        cleaned = get_valid_filename(name)
    except Exception:  # get_valid_filename refuses names like "..": fall back to a plain label
        cleaned = ""
    return cleaned[:150] or "letter"


def invitation_closes_at(invitation: LetterInvitation):
    """When the invitation's link stops working: the application's deadline (the call's close,
    or its extension's when later: ``Application.deadline``). The one place that says so."""
    return invitation.application.deadline


def invitation_problem(invitation: LetterInvitation, now=None) -> str | None:
    """Why the invitation link cannot be used now, or None if it can."""
    now = now or timezone.now()
    application = invitation.application
    if invitation.revoked_at:
        return _("This invitation was withdrawn by the applicants. Ask them for a new link.")
    # While OGP asks the applicants for changes, the link works again (applications/changes.py).
    if application.status == ApplicationStatus.CHANGES_REQUESTED:
        return None
    if application.status != ApplicationStatus.DRAFT:
        return _(
            "The application has been submitted; letters can no longer be added through this link."
        )
    closes_at = invitation_closes_at(invitation)
    if now >= closes_at:
        return _("The call closed on %(deadline)s; this link has expired.") % {
            "deadline": with_time_zone(closes_at)
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
        check_invitation_quota(application)
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


def check_invitation_quota(application) -> None:
    """At most LETTER_INVITATIONS_PER_DAY invitation e-mails per application in 24 hours
    (withdrawn ones count: their e-mail went out). Call with the application row locked."""
    limit = settings.LETTER_INVITATIONS_PER_DAY
    since = timezone.now() - timedelta(days=1)
    sent = list(
        LetterInvitation.objects.filter(application=application, created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(sent) >= limit:
        raise QuotaReached(
            _(
                "Letter invitations sent by this application in the last 24 hours: %(count)d, "
                "the most allowed. You can send the next one after %(time)s."
            )
            % {
                "count": limit,
                "time": timezone.localtime(sent[0] + timedelta(days=1)).strftime(
                    "%Y-%m-%d %H:%M %Z"
                ),
            }
        )


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
    check_upload_rate(uploaded_by=uploaded_by, invitation=invitation)
    check_upload_quota(application=application, invitation=invitation)  # before parsing
    inspected = inspect_letter_isolated(data)
    letter = None
    try:
        with transaction.atomic():
            if invitation is not None:
                _lock_for_invitee(invitation)
            else:
                lock_for_change(application)
            check_upload_quota(application=application, invitation=invitation)  # under lock
            if replaces is not None:
                _replace(replaces)
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


def check_upload_rate(*, uploaded_by=None, invitation=None) -> None:
    """At most LETTER_UPLOADS_PER_HOUR uploads (refused ones too: reading a file costs the
    same) per invitation link, or per account, in each clock hour. Counted in the cache."""
    if invitation is not None:
        who = f"invitation:{invitation.pk}"
    elif uploaded_by is not None and uploaded_by.is_authenticated:
        who = f"user:{uploaded_by.pk}"
    else:
        return
    now = timezone.now()
    key = f"letters:uploads:{who}:{now:%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > settings.LETTER_UPLOADS_PER_HOUR:
        next_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
        raise QuotaReached(
            _(
                "Too many uploads in a short time: at most %(count)d an hour. Please try "
                "again after %(time)s."
            )
            % {
                "count": settings.LETTER_UPLOADS_PER_HOUR,
                "time": (next_hour + timedelta(hours=1)).strftime("%H:%M %Z"),
            }
        )


def check_upload_quota(*, application, invitation=None) -> None:
    """Files kept, replaced ones included: LETTER_UPLOADS_PER_INVITATION per invitation link
    and LETTER_UPLOADS_PER_APPLICATION per application."""
    if invitation is not None:
        limit = settings.LETTER_UPLOADS_PER_INVITATION
        if Letter.objects.filter(invitation=invitation).count() >= limit:
            raise QuotaReached(
                _(
                    "Files sent through this link: %(count)d, the most allowed. If the letter still "
                    "needs changing, ask the applicants for a new link."
                )
                % {"count": limit}
            )
    limit = settings.LETTER_UPLOADS_PER_APPLICATION
    if Letter.objects.filter(application=application).count() >= limit:
        raise QuotaReached(
            _(
                "Letter files held by this application, replaced ones included: %(count)d, the "
                "most allowed. Please write to the OGP Local team if you need more."
            )
            % {"count": limit}
        )


def _replace(replaced: Letter) -> None:
    """Mark the letter replaced and, once the transaction commits, delete its file's bytes
    (OWASP ASVS 5.0 V5.2.4): the row stays in the history with its size and SHA-256."""
    name = (
        Letter.objects.filter(pk=replaced.pk, status=LetterStatus.RECEIVED)
        .values_list("file", flat=True)
        .first()
    )
    if name is None:  # no longer current: nothing to replace
        return
    Letter.objects.filter(pk=replaced.pk).update(status=LetterStatus.REPLACED, file="")
    storage = Letter._meta.get_field("file").storage

    def delete_if_unused():
        if name and not Letter.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete_if_unused)


def letter_file_name(inspected: InspectedLetter) -> str:
    return (
        "letter"
        + {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[
            inspected.content_type
        ]
    )


def _lock_for_invitee(invitation):
    """Lock the application row and re-read what decides whether the link still works."""
    lock_application(invitation.application)
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
        edit_protected=inspected.edit_protected,
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
        mail_editors(
            application, template="letters/emails/letter_received", context={"letter": letter}
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
