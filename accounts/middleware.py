from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


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
    """Staff reach the desk (``/admin/``) only through the portal's own sign-in, with two factors.

    - The admin's own login page is replaced by a redirect to allauth's login, which is
      throttled (ACCOUNT_RATE_LIMITS), refuses unverified addresses and asks for the TOTP code
      of accounts that have one.
    - A staff member (reviewer, coordinator, superuser) who has not enrolled a TOTP
      authenticator is sent to enrol (allauth.mfa, which also makes recovery codes) before any
      desk page opens.

    A middleware rather than changes to the admin site, so that the desk keeps working
    whichever app defines its admin pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        desk = reverse("admin:index")
        if request.path.startswith(desk):
            if request.path == reverse("admin:login"):
                return self._to_portal_login(request, desk)
            user = getattr(request, "user", None)
            if (
                user is not None
                and user.is_authenticated
                and user.is_staff
                and not has_second_factor(user)
            ):
                messages.info(
                    request,
                    _("Staff accounts need a second factor: set up an authenticator app first."),
                )
                return redirect(
                    f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)

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
