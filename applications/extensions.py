"""Extensions: one application's later deadline, given by a coordinator with a reason.

The deadline an application is held to is decided in one place, ``effective_deadline()``
(``Application.deadline``): the call's, or the latest extension's when later. Submission
(``domain.submission_problems``), editing (``domain.ensure_editable``), withdrawal and the
letter invitations (``letters.domain.invitation_problem``) all read it. The reason stays on the
desk; applicants, their letter authors and the history see the new deadline; the public record
shows neither.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import with_time_zone

from .domain import lock_application, record_event
from .enums import ApplicationStatus, EventKind
from .exceptions import ApplicationError
from .mail import mail_editors
from .models import Application, Extension


class ExtensionRefused(ApplicationError):
    """The extension cannot be given; the message says why."""


def effective_deadline(application):
    """When submissions of this application are refused, by the server's clock."""
    return application.deadline


@transaction.atomic
def grant_extension(*, application, deadline, reason, by, now=None) -> Extension:
    """Give one draft application a later deadline than its call's."""
    now = now or timezone.now()
    if not by.has_perm("accounts.coordinate"):
        raise ExtensionRefused(_("Only a coordinator can extend a deadline."))
    lock_application(application)
    application = Application.objects.select_related("call").get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise ExtensionRefused(
            _("%(reference)s is %(status)s: only a draft can be given more time.")
            % {
                "reference": application.reference,
                "status": application.get_status_display().lower(),
            }
        )
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused(_("Say why the deadline moves."))
    if deadline <= application.call.closes_at:
        raise ExtensionRefused(
            _("The new deadline must come after the call's deadline, %(deadline)s.")
            % {"deadline": with_time_zone(application.call.closes_at)}
        )
    if deadline <= now:
        raise ExtensionRefused(_("The new deadline must be in the future."))
    extension = Extension.objects.create(
        application=application, deadline=deadline, reason=reason, granted_by=by, granted_at=now
    )
    record_event(
        application=application,
        kind=EventKind.DEADLINE_EXTENDED,
        actor=by,
        data={"extension": extension.pk, "deadline": deadline.isoformat()},
    )
    transaction.on_commit(lambda: tell_editors(extension.pk), robust=True)
    return extension


def tell_editors(extension_id) -> None:
    """E-mail every editor the new deadline, in the language each chose (not the reason)."""
    extension = Extension.objects.select_related(
        "application", "application__call", "application__lead_government"
    ).get(pk=extension_id)
    application = extension.application
    mail_editors(
        application,
        template="applications/emails/deadline_extended",
        context={"extension": extension},
    )
