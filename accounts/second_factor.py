"""Staff rights belong to a session, not only to an account: they hold for the request's own
user only when this session's sign-in included the second factor (docs/staff-sessions.md).

allauth records, in the session, each way the signed-in user authenticated ("password",
"mfa", ...), for that user only. ``session_passed_second_factor(request)`` reads those records.
``StaffLoginMiddleware`` notes the answer for the request it serves (``serving()``); the staff
rules (``accounts.rules.is_coordinator`` / ``is_reviewer``, on which every staff rule is built)
and ``User.has_perm`` (which then leaves out the staff groups' model permissions and a
superuser's blanket rights) ask ``staff_rights_withheld(user)``: true only for the user of the
request being served, when that session has not given the second factor. Code outside a request
(domain functions called by tests, Celery tasks, the shell) has no session: the account's roles
decide there.
"""

from __future__ import annotations

import contextlib
import hashlib
from contextvars import ContextVar

# (user pk, whether the session passed the second factor) for the request being served.
_serving: ContextVar[tuple[object, bool] | None] = ContextVar("staff_session", default=None)


def session_passed_second_factor(request) -> bool:
    """This session's sign-in (or a later confirmation in it) included a code from the user's
    authenticator or a recovery code, as allauth recorded it for this very user."""
    from allauth.account.authentication import get_authentication_records

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


@contextlib.contextmanager
def serving(request):
    """While ``request`` is served, staff rules know whether its session passed the factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        yield
        return
    token = _serving.set((user.pk, session_passed_second_factor(request)))
    try:
        yield
    finally:
        _serving.reset(token)


def staff_rights_withheld(user) -> bool:
    """``user`` is the signed-in user of the request being served, whose session has not
    given the second factor: no staff right holds for them in this request."""
    current = _serving.get()
    return current is not None and user.pk == current[0] and not current[1]


def session_hash(password_hash: str, generation: int) -> str:
    """The hash a session keeps of its account (Django signs a session out when it changes):
    Django's, from the password, mixed with the account's session generation, which promotion
    to staff moves on (``accounts.signals``). Generation 0 keeps Django's own hash, so that
    nobody was signed out when the generation was introduced."""
    if not generation:
        return password_hash
    return hashlib.sha256(f"{password_hash}:{generation}".encode()).hexdigest()
