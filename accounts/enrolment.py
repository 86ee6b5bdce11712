"""Enrolling the authenticator without losing the way: after the recovery codes, the page the
staff member was going to.

The desk sends a staff member without a second factor to enrol with ``?next=<the desk page>``
(``accounts.middleware.StaffLoginMiddleware``). allauth's enrolment ends on the recovery codes
and forgets ``next``; these two thin subclasses keep it in the session and offer it, as a
button, once the codes are on screen to be saved.
"""

from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "accounts.enrolment_next"


def remember_destination(request) -> None:
    """Keep the ``next`` the request carries, if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and _is_safe(request, target):
        request.session[SESSION_KEY] = target


def destination(request) -> str:
    """The page to continue to after enrolment, or "" when there is none (or it is unsafe)."""
    target = request.session.get(SESSION_KEY, "")
    return target if target and _is_safe(request, target) else ""


def _is_safe(request, target: str) -> bool:
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


class ActivateAuthenticatorView(ActivateTOTPView):
    def dispatch(self, request, *args, **kwargs):
        remember_destination(request)
        return super().dispatch(request, *args, **kwargs)


class RecoveryCodesView(ViewRecoveryCodesView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["continue_url"] = destination(self.request)
        return context


activate_authenticator = ActivateAuthenticatorView.as_view()
recovery_codes = RecoveryCodesView.as_view()
