"""Invitation links: a token signed with the site's secret, naming one invitation and its nonce.

The token is unguessable without SECRET_KEY, can be shown again to editors (it is derived,
not stored), and dies when the invitation's nonce changes or the invitation is revoked.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare

from .models import LetterInvitation

SALT = "letters.invitation"


def invitation_token(invitation: LetterInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)


def invitation_from_token(token: str) -> LetterInvitation | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    invitation = (
        LetterInvitation.objects.select_related(
            "application", "application__call", "application__lead_government"
        )
        .filter(pk=data["i"])
        .first()
    )
    if invitation is None or not constant_time_compare(invitation.nonce, str(data.get("n", ""))):
        return None
    return invitation
