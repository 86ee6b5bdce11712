"""django-allauth in the portal's voice: our templates, the recipient's language, the
site's configured name (never the server's host and port), plain text and HTML."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from accounts import ratelimits
from accounts.mail import html_body, subject_with_prefix
from mailings import outbox

from .models import User


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_reauthentication_methods(self, user):
        """Staff with an authenticator confirm with it, not with their password: the desk asks a
        session for a code (docs/staff-sessions.md), and a password would not open it."""
        methods = super().get_reauthentication_methods(user)
        if getattr(user, "is_staff", False) and any(m["id"] != "reauthenticate" for m in methods):
            return [method for method in methods if method["id"] != "reauthenticate"]
        return methods

    def get_login_stages(self):
        """allauth's code step, skipped only when a trusted identity provider asserted the
        second factor for this sign-in (accounts/single_sign_on.py)."""
        return [
            "accounts.single_sign_on.AuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def pre_authenticate(self, request, **credentials):
        # Per address: failures only, checked here (accounts/ratelimits.py); per account: allauth.
        if not ratelimits.address_may_try(request):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        ratelimits.count_failure(request)
        super().authentication_failed(request, **credentials)

    def send_mail(self, template_prefix, email, context):
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or translation.get_language()
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        context = {
            **context,
            "current_site": site,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        }
        with translation.override(language):
            context = {"request": allauth_context.request, "email": email, **context}
            # Sent now, or kept in the outbox if the mail server fails (mailings/outbox.py).
            outbox.send(self.render_mail(template_prefix, email, context))

    def format_email_subject(self, subject):
        return subject_with_prefix(subject)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            message.attach_alternative(html_body(message.body), "text/html")
        return message
