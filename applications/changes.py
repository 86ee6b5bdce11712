"""Changes requested: OGP asks the applicants to fix what it names, they fix it and resubmit.

A coordinator asks at the completeness check (``reviews.changes.request_changes`` checks the
stage, then calls ``open_change_request`` here). The application goes from "submitted" to
"changes requested" (applications.enums.ALLOWED_TRANSITIONS): editable again, letters included,
whatever the call's deadline. The applicants answer with ``resubmit()``: a new packet is asked
for and the review finds it back at the completeness check. A request left past its date waits
for a coordinator's decision on the desk (``ChangeRequest.objects.overdue()``); the coordinator
may close it with ``close_change_request()``. Every step is an ``ApplicationEvent`` with data.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .checklist import build_checklist
from .domain import (
    confirm_submission,
    lock_application,
    record_event,
    set_application_status,
    submission_problems,
)
from .enums import ApplicationStatus, ChangeRequestOutcome, EventKind
from .exceptions import ApplicationError, SubmissionRefused
from .mail import mail_editors
from .models import Application, ChangeRequest
from .signals import application_submitted


class ChangeRequestRefused(ApplicationError):
    """A request for changes cannot be opened or closed; the message says why."""


@dataclass(frozen=True)
class RequestedItem:
    code: str
    label: str
    url: str
    done: bool


def item_choices(application) -> list[tuple[str, str]]:
    """What a coordinator may name: every item of the application's checklist."""
    return [(item.code, item.label) for item in build_checklist(application).items]


def requested_items(change_request, checklist=None) -> list[RequestedItem]:
    """The items a request names, as the checklist reads now (label, where to fix, done)."""
    application = change_request.application
    checklist = checklist or build_checklist(application)
    by_code = {item.code: item for item in checklist.items}
    items = []
    for code in change_request.items:
        item = by_code.get(code)
        if item is None:  # the item left the checklist (a partner removed): name it plainly
            items.append(RequestedItem(code, code, application.get_absolute_url(), True))
        else:
            items.append(RequestedItem(code, item.label, item.url, item.done))
    return items


def _lock(application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("call", "lead_government")
        .get(pk=application.pk)
    )


def open_change_request(*, application, items, note, answer_by, by, now=None) -> ChangeRequest:
    """Ask the applicants of a submitted application for changes (call inside a transaction,
    with the review's own checks done). Its editors are told by e-mail, each in their language."""
    now = now or timezone.now()
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ChangeRequestRefused(
            _("%(reference)s is %(status)s: changes can be asked only of a submitted application.")
            % {
                "reference": application.reference,
                "status": application.get_status_display().lower(),
            }
        )
    known = {code for code, _label in item_choices(application)}
    items = [code for code in dict.fromkeys(items) if code in known]
    note = (note or "").strip()
    if not items and not note:
        raise ChangeRequestRefused(_("Name at least one item to change, or write a note."))
    if answer_by <= now:
        raise ChangeRequestRefused(_("The date to answer by must be in the future."))
    change_request = ChangeRequest.objects.create(
        application=application,
        items=items,
        note=note,
        answer_by=answer_by,
        requested_by=by,
        requested_at=now,
    )
    set_application_status(
        application=application, to_status=ApplicationStatus.CHANGES_REQUESTED, by=by, now=now
    )
    record_event(
        application=application,
        kind=EventKind.CHANGES_REQUESTED,
        actor=by,
        data={
            "request": change_request.pk,
            "items": items,
            "answer_by": answer_by.isoformat(),
        },
    )
    transaction.on_commit(lambda: tell_editors(change_request.pk), robust=True)
    return change_request


def tell_editors(change_request_id) -> None:
    """E-mail every editor the request, in the language each chose."""
    change_request = ChangeRequest.objects.select_related(
        "application", "application__call", "application__lead_government"
    ).get(pk=change_request_id)
    application = change_request.application
    mail_editors(
        application,
        template="applications/emails/changes_requested",
        context={"change_request": change_request, "items": requested_items(change_request)},
    )


@transaction.atomic
def resubmit(
    *, application, user, acknowledge_term_warning=False, publication_consent=False, now=None
) -> Application:
    """The applicants' answer to a change request: the checklist must be complete again; the
    application is submitted anew (a new packet, back to the completeness check)."""
    now = now or timezone.now()
    application = _lock(application)
    if application.status != ApplicationStatus.CHANGES_REQUESTED:
        raise SubmissionRefused(
            _("The application cannot be submitted yet."),
            reasons=[_("No changes are asked of this application.")],
        )
    problems = submission_problems(
        application, acknowledge_term_warning=acknowledge_term_warning, now=now
    )
    if problems:
        raise SubmissionRefused(_("The application cannot be submitted yet."), reasons=problems)
    change_request = _close(application, outcome=ChangeRequestOutcome.RESUBMITTED, by=user, now=now)
    application.term_warning_acknowledged = acknowledge_term_warning
    application.publication_consent = publication_consent
    application.save(update_fields=["term_warning_acknowledged", "publication_consent"])
    set_application_status(
        application=application, to_status=ApplicationStatus.SUBMITTED, by=user, now=now
    )
    record_event(
        application=application,
        kind=EventKind.CHANGES_CLOSED,
        actor=user,
        data={"request": change_request.pk, "outcome": ChangeRequestOutcome.RESUBMITTED},
    )
    transaction.on_commit(lambda: confirm_submission(application.pk), robust=True)
    # As at the first submission: the packets room renders the new packet, the review keeps
    # (or opens) the candidacy at the completeness check.
    application_submitted.send(sender=Application, application=application, user=user)
    return application


@transaction.atomic
def close_change_request(*, change_request, by, now=None) -> ChangeRequest:
    """A coordinator's decision on a request not answered: close it; the application is
    submitted as it stands, for the completeness check to decide."""
    now = now or timezone.now()
    if not by.has_perm("accounts.coordinate"):
        raise ChangeRequestRefused(_("Only a coordinator can close a change request."))
    application = lock_application(change_request.application)
    if application.status != ApplicationStatus.CHANGES_REQUESTED:
        raise ChangeRequestRefused(
            _("%(reference)s has no change request waiting.") % {"reference": application.reference}
        )
    change_request = _close(application, outcome=ChangeRequestOutcome.CLOSED, by=by, now=now)
    set_application_status(
        application=application, to_status=ApplicationStatus.SUBMITTED, by=by, now=now
    )
    record_event(
        application=application,
        kind=EventKind.CHANGES_CLOSED,
        actor=by,
        data={"request": change_request.pk, "outcome": ChangeRequestOutcome.CLOSED},
    )
    return change_request


def _close(application, *, outcome, by, now) -> ChangeRequest:
    change_request = (
        ChangeRequest.objects.select_for_update().waiting().filter(application=application).first()
    )
    if change_request is None:
        raise ChangeRequestRefused(
            _("%(reference)s has no change request waiting.") % {"reference": application.reference}
        )
    change_request.resolved_at = now
    change_request.resolved_by = by if by and by.is_authenticated else None
    change_request.outcome = outcome
    change_request.save(update_fields=["resolved_at", "resolved_by", "outcome"])
    return change_request
