from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .second_factor import serving, session_passed_second_factor


class UserLanguageMiddleware:
    """A signed-in user reads the portal in the language saved on their account.

    Runs after LocaleMiddleware (which picked the cookie's or the browser's language) and
    after AuthenticationMiddleware. The language switcher saves the choice on the account.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class StaffLoginMiddleware:
    """Staff rights hold only in a session whose sign-in included the second factor; staff reach
    the desk (``/admin/``) only through the portal's own sign-in.

    - Every request is served inside ``second_factor.serving(request)``: the staff rules (and
      ``User.has_perm``) refuse the request's user when the session has not given the second
      factor, wherever they are asked (the desk, letter and packet downloads, unpublished
      member pages, exports). docs/staff-sessions.md.
    - The admin's own login page is replaced by a redirect to allauth's login, which is
      throttled (ACCOUNT_RATE_LIMITS), refuses unverified addresses and asks for the TOTP code
      of accounts that have one.
    - On the desk, a staff member (reviewer, coordinator, superuser) who has not enrolled a
      TOTP authenticator is sent to enrol (allauth.mfa, which also makes recovery codes); one
      whose session has not given the code (signed in before enrolling, say) is asked for it
      (allauth's reauthentication by code), then sent back.

    A middleware rather than changes to the admin site, so that the desk keeps working
    whichever app defines its admin pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with serving(request):
            return self._desk_door(request) or self.get_response(request)

    def _desk_door(self, request):
        desk = reverse("admin:index")
        if not request.path.startswith(desk):
            return None
        if request.path == reverse("admin:login"):
            return self._to_portal_login(request, desk)
        if request.path == reverse("admin:logout"):
            return None  # signing out needs no code
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not (user.is_staff or user.is_superuser):
            return None  # the admin sends them to sign in
        if session_passed_second_factor(request):
            return None
        back = urlencode({"next": request.get_full_path()})
        if not has_second_factor(user):
            messages.info(
                request,
                _("Staff accounts need a second factor: set up an authenticator app first."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{back}")
        messages.info(
            request, _("Staff pages open with a code from your authenticator app: enter it here.")
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{back}")

    @staticmethod
    def _to_portal_login(request, desk):
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = desk
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
