"""One invitation flow for every "invite a colleague to edit" (issue 19, item 2): an
application's editors (applications.editors) and a member's editors (members.domain).

Everyone accepts an invitation, whether or not the address has an account, and the inviter
is told the same either way. The steps are the same for both: editorship is checked here, the
invited thing's row is locked, at most EDITOR_INVITATIONS_PER_DAY invitations per 24 hours,
a token that exists only in the e-mail (sent once the transaction commits, never stored or
queued: its hash is), a link that works once for the invited address until it expires or is
withdrawn. A ``Flow`` subclass says what differs: the model, the target, its lock, the
rule of who is an editor, the history records and the words.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .mail import send_mail_in_language
from .models import hash_token

INVITED, JOINED, WITHDRAWN = "invited", "joined", "withdrawn"


class Flow:
    """What one kind of invitation needs; subclasses fill in the class attributes and hooks."""

    model = None  # a concrete applications.models.Invitation
    target = ""  # its foreign key to what the invitation is to ("application", "member")
    refusal = Exception  # the exception raised with a message for the user
    template = ""  # e-mail template, as send_mail_in_language() takes it
    related = ()  # what a found invitation's page shows, for select_related()

    # Hooks ---------------------------------------------------------------------------------

    def lock(self, target):
        """Lock the target's row (and refuse if it no longer accepts editors); return it."""
        raise NotImplementedError

    def add_editor(self, target, user):
        raise NotImplementedError

    def record(self, target, step, *, by, email, now, invitation):
        """Write the target's history for ``step`` (INVITED, JOINED, WITHDRAWN)."""
        raise NotImplementedError

    def may_invite(self, by, target) -> bool:
        """Whether ``by`` is an editor of ``target`` (editability is the lock's to check)."""
        raise NotImplementedError

    def may_withdraw(self, by, invitation) -> bool:
        raise NotImplementedError

    def expires_at(self, target, now):
        return now + self.model.INVITATION_LIFETIME

    # Words (each subclass gives its own) -----------------------------------------------------

    def not_an_editor(self) -> str:
        raise NotImplementedError

    def already_editor(self, email) -> str:
        raise NotImplementedError

    def too_many(self, limit) -> str:
        raise NotImplementedError

    def invalid_link(self) -> str:
        raise NotImplementedError

    def may_not_withdraw(self) -> str:
        raise NotImplementedError

    def already_accepted(self, email) -> str:
        raise NotImplementedError

    def already_withdrawn(self, email) -> str:
        raise NotImplementedError

    # The flow ------------------------------------------------------------------------------

    def invite(self, *, target, email, by, accept_url_for, now=None):
        """Invite ``email`` to edit ``target``; ``accept_url_for(token)`` builds the absolute
        link. Returns the invitation, whether or not the address has an account."""
        email = (email or "").strip().lower()
        if not self.may_invite(by, target):
            raise self.refusal(self.not_an_editor())
        if target.editors.filter(user__email__iexact=email).exists():
            raise self.refusal(self.already_editor(email))
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            target = self.lock(target)
            now = now or timezone.now()
            limit = settings.EDITOR_INVITATIONS_PER_DAY
            recent = self.model.objects.filter(
                **{self.target: target}, created_at__gte=now - timedelta(days=1)
            )
            if recent.count() >= limit:
                raise self.refusal(self.too_many(limit))
            invitation = self.model.objects.create(
                **{self.target: target},
                email=email,
                token_hash=hash_token(token),
                invited_by=by,
                expires_at=self.expires_at(target, now),
            )
            self.record(target, INVITED, by=by, email=email, now=now, invitation=invitation)
            # The token exists only in this e-mail: sent after commit, never stored or queued.
            transaction.on_commit(
                lambda: send_mail_in_language(
                    to=[email],
                    template=self.template,
                    language=target.language,
                    context={
                        self.target: target,
                        "invited_by": by,
                        "accept_url": accept_url_for(token),
                        "expires_at": invitation.expires_at,
                    },
                )
            )
        return invitation

    def find(self, token):
        """The pending invitation of this link, or a refusal saying why the link is dead."""
        invitation = (
            self.model.objects.select_related(self.target, *self.related)
            .filter(token_hash=hash_token(token or ""))
            .first()
        )
        if invitation is None:
            raise self.refusal(self.invalid_link())
        if reason := invitation.dead_link_reason():
            raise self.refusal(reason)
        return invitation

    def accept(self, *, token, user, now=None):
        """The invited person, signed in with the invited address, becomes an editor; anyone
        else holding the link is refused. Returns the target."""
        with transaction.atomic():
            invitation = self.find(token)
            target = self.lock_for_accepting(getattr(invitation, self.target))
            invitation = self.find(token)  # read again: withdrawn meanwhile?
            if reason := invitation.wrong_account_reason(user):
                raise self.refusal(reason)
            now = now or timezone.now()
            self.add_editor(target, user)
            invitation.accepted_at = now
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
            self.record(target, JOINED, by=user, email=user.email, now=now, invitation=invitation)
            return target

    def lock_for_accepting(self, target):
        """The lock taken to accept (by default the same as to invite)."""
        return self.lock(target)

    def withdraw(self, *, invitation, by, now=None):
        """Withdraw an invitation not yet accepted: its link stops working at once."""
        with transaction.atomic():
            target = self.lock_for_accepting(getattr(invitation, self.target))
            invitation = self.model.objects.select_for_update().get(pk=invitation.pk)
            if not self.may_withdraw(by, invitation):
                raise self.refusal(self.may_not_withdraw())
            if invitation.accepted_at is not None:
                raise self.refusal(self.already_accepted(invitation.email))
            if invitation.revoked_at is not None:
                raise self.refusal(self.already_withdrawn(invitation.email))
            invitation.revoked_at = now or timezone.now()
            invitation.save(update_fields=["revoked_at"])
            self.record(
                target,
                WITHDRAWN,
                by=by,
                email=invitation.email,
                now=invitation.revoked_at,
                invitation=invitation,
            )
            return invitation
