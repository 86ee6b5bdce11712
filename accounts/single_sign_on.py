"""Staff sign in through an OpenID Connect identity provider (django-allauth's
``openid_connect``); applicants keep e-mail and password (docs/single-sign-on.md).

- ``StaffOnlySocialAccountAdapter.pre_social_login`` lets an identity in only for an existing
  staff account whose verified address (verified by the provider and on the portal) matches:
  no sign-up through a provider, no linking to an applicant's account. Anything else is sent
  back to the sign-in page with a message in the reader's language.
- The second factor still applies (docs/staff-sessions.md): allauth's code step follows the
  provider's sign-in (``AuthenticateStage``), or the desk sends the person to enrol, unless the
  provider is trusted to assert a second factor and its ID token says it did
  (``identity_providers.asserts_second_factor``). Then the session records "mfa" as allauth
  records a code, which is what ``second_factor.session_passed_second_factor`` reads.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage as CodeStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .identity_providers import asserts_second_factor

# How the session's record of a provider-asserted second factor is marked.
PROVIDER_ASSERTED = "identity_provider"


def is_staff_account(user) -> bool:
    """An active account with a staff role (coordinator, reviewer, superuser): those who
    reach the desk."""
    return user.is_active and (user.is_staff or user.is_superuser)


def staff_account_for(sociallogin):
    """The staff account this provider identity may sign in to, or None.

    An identity already linked signs in to its account while that account is staff. A new one
    is matched by an address the provider says it verified and that the portal has verified
    for a staff account."""
    if sociallogin.is_existing:
        user = sociallogin.user
        return user if is_staff_account(user) else None
    for address in sociallogin.email_addresses:
        if not address.verified:
            continue
        known = (
            EmailAddress.objects.filter(email__iexact=address.email, verified=True)
            .select_related("user")
            .first()
        )
        if known is not None and is_staff_account(known.user):
            return known.user
    return None


def id_token_claims(sociallogin) -> dict:
    claims = (sociallogin.account.extra_data or {}).get("id_token")
    return claims if isinstance(claims, dict) else {}


class StaffOnlySocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        """The providers of the settings (``OIDC_PROVIDERS``) only, never rows in the database
        (allauth's own admin for them is not on the desk), so that the sign-in page costs no
        query for them."""
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def is_open_for_signup(self, request, sociallogin):
        return False  # accounts are made on the portal, never through a provider

    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            refuse(request, _("Accounts are linked to an identity provider only at sign-in."))
        user = staff_account_for(sociallogin)
        if user is None:
            refuse(
                request,
                _(
                    "Signing in through an identity provider is for OGP staff only, with the "
                    "address of their staff account. Applicants sign in with their e-mail "
                    "address and password."
                ),
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
        provider = sociallogin.account.get_provider()
        amr = id_token_claims(sociallogin).get("amr")
        if asserts_second_factor(
            trusts_second_factor=bool(provider.app.settings.get("trusts_second_factor")),
            amr=amr,
        ):
            record_authentication(
                request, user, "mfa", type=PROVIDER_ASSERTED, provider=provider.app.provider_id,
                amr=list(amr),
            )  # fmt: skip


def refuse(request, message: str):
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


def provider_asserted_second_factor(request, user) -> bool:
    return any(
        record.get("method") == "mfa" and record.get("type") == PROVIDER_ASSERTED
        for record in get_authentication_records(request, user)
    )


class AuthenticateStage(CodeStage):
    """allauth's code step after signing in, skipped when a trusted identity provider asserted
    the second factor for this sign-in."""

    def _should_handle(self, request) -> bool:
        if self.login.user is not None and provider_asserted_second_factor(
            request, self.login.user
        ):
            return False
        return super()._should_handle(request)
