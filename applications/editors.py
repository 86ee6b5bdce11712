"""Who edits an application: invitations (the shared flow in ``invitations.py``), removal,
and a request to join sent to the owners.

Every change locks the application through ``domain.lock_application()`` and writes its
history through ``domain.record_event()``, as the other applicant operations do.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from . import invitations
from .domain import lock_application, lock_for_change, record_event
from .enums import EditorRole, EventKind
from .exceptions import InvitationInvalid
from .mail import send_mail_in_language
from .models import Application, ApplicationEditor, EditorInvitation
from .rules import is_editor


class EditorInvitations(invitations.Flow):
    """Invitations to edit an application (applications.invitations)."""

    model = EditorInvitation
    target = "application"
    refusal = InvitationInvalid
    template = "applications/emails/editor_invitation"
    related = ("application__call", "application__lead_government")

    def lock(self, target):
        lock_for_change(target)
        return target

    def lock_for_accepting(self, target):
        return lock_application(target)

    def add_editor(self, target, user):
        ApplicationEditor.objects.get_or_create(
            application=target, user=user, defaults={"role": EditorRole.EDITOR}
        )

    def record(self, target, step, *, by, email, now, invitation):
        kind, data = {
            invitations.INVITED: (EventKind.EDITOR_INVITED, None),
            invitations.JOINED: (EventKind.EDITOR_JOINED, None),
            invitations.WITHDRAWN: (
                EventKind.EDITOR_INVITATION_WITHDRAWN,
                {"invitation": invitation.pk},
            ),
        }[step]
        record_event(application=target, kind=kind, actor=by, detail=email, data=data)

    def may_invite(self, by, target):
        return is_editor(by, target)

    def may_withdraw(self, by, invitation):
        return by.has_perm("applications.withdraw_editor_invitation", invitation)

    def expires_at(self, target, now):
        # Until the application's deadline (an extension's when later), at least a day.
        return min(
            now + EditorInvitation.INVITATION_LIFETIME,
            max(target.deadline, now + timedelta(days=1)),
        )

    def not_an_editor(self):
        return _("Only the editors of this application can invite editors.")

    def already_editor(self, email):
        return _("%(email)s is already an editor of this application.") % {"email": email}

    def too_many(self, limit):
        return _(
            "Editor invitations sent by this application in the last 24 hours: %(count)d, "
            "the most allowed. Please try again tomorrow."
        ) % {"count": limit}

    def invalid_link(self):
        return _("This invitation link is not valid. Ask for a new invitation.")

    def may_not_withdraw(self):
        return _("Only the editors of this application can withdraw its invitations.")

    def already_accepted(self, email):
        return _("%(email)s has already accepted the invitation: remove them from the editors.") % {
            "email": email
        }

    def already_withdrawn(self, email):
        return _("The invitation to %(email)s was already withdrawn.") % {"email": email}


editor_invitations = EditorInvitations()


def invite_editor(*, application, email: str, invited_by, accept_url_for) -> EditorInvitation:
    """An editor invites a colleague by e-mail (applications.invitations: the same flow as a
    member's editors); ``accept_url_for(token)`` builds the absolute link."""
    return editor_invitations.invite(
        target=application, email=email, by=invited_by, accept_url_for=accept_url_for
    )


def find_invitation(token: str) -> EditorInvitation:
    return editor_invitations.find(token)


def accept_editor_invitation(*, token: str, user) -> Application:
    return editor_invitations.accept(token=token, user=user)


def withdraw_editor_invitation(*, invitation, by, now=None) -> EditorInvitation:
    """Withdraw an editor invitation not yet accepted (any editor may, as any editor may
    invite): its link stops working at once. The trail keeps who withdrew it."""
    return editor_invitations.withdraw(invitation=invitation, by=by, now=now)


def _refuse_unless(allowed, message):
    if not allowed:
        raise InvitationInvalid(message)


@transaction.atomic
def remove_editor(*, editor, by) -> None:
    """Take an editor off the application: an owner removes anyone, an editor may leave. The
    last owner stays (someone must be able to withdraw the application and manage editors)."""
    application = lock_application(editor.application)
    editor = ApplicationEditor.objects.select_for_update().select_related("user").get(pk=editor.pk)
    _refuse_unless(
        by.has_perm("applications.remove_editor", editor),
        _("Only an owner of this application can remove its editors."),
    )
    if (
        editor.role == EditorRole.OWNER
        and not ApplicationEditor.objects.filter(application=application, role=EditorRole.OWNER)
        .exclude(pk=editor.pk)
        .exists()
    ):
        raise InvitationInvalid(
            _(
                "%(name)s is the only owner of this application and cannot be removed: an "
                "application always keeps one owner."
            )
            % {"name": editor.user.get_full_name() or editor.user.email}
        )
    editor.delete()
    record_event(
        application=application,
        kind=EventKind.EDITOR_REMOVED,
        actor=by,
        detail=editor.user.email,
        data={"user": editor.user_id, "role": editor.role, "left": editor.user_id == by.pk},
    )


def request_editor_access(*, application, user, invite_url):
    """E-mail the application's owners that ``user`` asks to join it. At most once a day
    per person and application, so the button cannot be used to flood the owners."""
    key = f"access-request:{application.pk}:{user.pk}"
    if not cache.add(key, True, timeout=24 * 3600):
        return False
    owners = application.editors.filter(role=EditorRole.OWNER).select_related("user")
    for owner in owners:
        send_mail_in_language(
            to=[owner.user.email],
            template="applications/emails/access_request",
            language=owner.user.language or application.language,
            context={"application": application, "requester": user, "invite_url": invite_url},
        )
    return True
