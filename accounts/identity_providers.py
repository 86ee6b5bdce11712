"""Staff identity providers (OpenID Connect) from the settings, and the one rule on when a
provider's sign-in counts as the portal's second factor (docs/single-sign-on.md).

Plain functions without Django models, so that ``ogp_portal.settings`` can use
``provider_apps`` while it is being read.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# RFC 8176 authentication method references that mean a second factor was given: several
# factors ("mfa"), a one-time code ("otp"), a hardware or software key ("hwk", "swk").
SECOND_FACTOR_METHODS = frozenset({"mfa", "otp", "hwk", "swk"})

REQUIRED_KEYS = ("id", "name", "server_url", "client_id", "secret")


def provider_apps(providers: list[dict]) -> list[dict]:
    """django-allauth's ``openid_connect`` apps for the entries of ``OIDC_PROVIDERS``.

    Each entry: ``id`` (in the URLs: ``/accounts/oidc/<id>/login/``), ``name`` (on the button),
    ``server_url`` (the issuer), ``client_id``, ``secret`` and, optionally,
    ``trusts_second_factor`` (default false: see ``asserts_second_factor``).
    """
    if not isinstance(providers, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of providers.")
    apps = []
    for number, provider in enumerate(providers, start=1):
        missing = [key for key in REQUIRED_KEYS if not provider.get(key)]
        if missing:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS entry {number} lacks {', '.join(missing)}.")
        apps.append(
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["secret"],
                "settings": {
                    "server_url": provider["server_url"],
                    "trusts_second_factor": bool(provider.get("trusts_second_factor", False)),
                },
            }
        )
    return apps


def provider_origins(providers: list[dict]) -> list[str]:
    """The providers' origins (scheme, host, port): the sign-in page's form is answered with a
    redirect to them, which the content security policy's ``form-action`` must allow."""
    origins = []
    for provider in providers:
        parts = urlsplit(provider["server_url"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def asserts_second_factor(*, trusts_second_factor: bool, amr) -> bool:
    """The identity provider's sign-in stands for the portal's second factor: only when the
    portal's settings trust this provider to say so, and its (verified) ID token's ``amr``
    claim names a second-factor method. Anything else (no claim, a password only, a claim of
    the wrong shape) leaves the portal's own code to be asked."""
    if not trusts_second_factor or not isinstance(amr, list | tuple):
        return False
    return any(isinstance(method, str) and method in SECOND_FACTOR_METHODS for method in amr)
