"""Personal API tokens: creation (shown once), revocation, and the DRF authentication class.

A token reads ``ogp_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole
token is compared in constant time. Staff create one only in a session that passed the second
factor, since a token opens what the desk shows them.
"""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.second_factor import session_passed_second_factor

from .models import PersonalToken

TOKEN_PREFIX = "ogp"
# Record last use at most this often, so reading pages does not write a row each time.
LAST_USED_RESOLUTION_SECONDS = 60
MAX_ACTIVE_TOKENS = 10


class TokenError(Exception):
    """A token could not be made or revoked; the message is for the page."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, request, name) -> tuple[PersonalToken, str]:
    """A new token for the signed-in user; returns the row and the token, which is shown
    once and never again."""
    user = request.user
    if user.is_staff and not session_passed_second_factor(request):
        raise TokenError(
            _("Staff accounts create tokens only after signing in with their second factor.")
        )
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name, so that you recognise it later."))
    with transaction.atomic():
        if PersonalToken.objects.active().filter(owner=user).count() >= MAX_ACTIVE_TOKENS:
            raise TokenError(_("Revoke a token before creating another one."))
        prefix = secrets.token_hex(6)
        token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        row = PersonalToken.objects.create(
            owner=user, name=name[:100], prefix=prefix, token_hash=_hash(token)
        )
    return row, token


def revoke_token(*, user, token_id) -> PersonalToken:
    """Revoke one of ``user``'s tokens (a token of someone else is not found)."""
    try:
        row = PersonalToken.objects.get(pk=token_id, owner=user)
    except PersonalToken.DoesNotExist:
        raise TokenError(_("This token does not exist.")) from None
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row


def user_for_token(token: str):
    """The owner of an active token, or None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    row = PersonalToken.objects.active().select_related("owner").filter(prefix=parts[1]).first()
    if row is None or not hmac.compare_digest(row.token_hash, _hash(token)):
        return None
    if not row.owner.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > (
        LAST_USED_RESOLUTION_SECONDS
    ):
        PersonalToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.owner


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer ogp_…``. A wrong or revoked token is a 401, never anonymous."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            token = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user = user_for_token(token)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return user, token

    def authenticate_header(self, request):
        return self.keyword
