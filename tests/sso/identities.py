"""Who exists at the test identity provider, and how the portal is configured for it.

Two providers in the portal's settings point at the one test identity provider, through two of
its clients: ``test-idp`` (not trusted to assert a second factor) and ``trusted-idp`` (trusted).
The provider asserts ``amr: ["pwd", "mfa"]`` for identities marked ``second_factor``.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

PASSWORD = "idp-password-4417"

COORDINATOR = "sso.coordinator@ogp.test"  # amr: pwd
MFA_COORDINATOR = "mfa.coordinator@ogp.test"  # amr: pwd, mfa
APPLICANT = "sso.applicant@ogp.test"  # amr: pwd
STRANGER = "stranger@idp.test"  # no account on the portal

USERS = [
    {"email": COORDINATOR, "password": PASSWORD, "first_name": "Ana", "last_name": "Coordinator"},
    {
        "email": MFA_COORDINATOR,
        "password": PASSWORD,
        "first_name": "Mo",
        "last_name": "Coordinator",
        "second_factor": True,
    },
    {"email": APPLICANT, "password": PASSWORD, "first_name": "Abel", "last_name": "Applicant"},
    {"email": STRANGER, "password": PASSWORD, "first_name": "Sam", "last_name": "Stranger"},
]

# provider id on the portal -> (button name, client id and secret at the provider, trusted)
PROVIDERS = {
    "test-idp": ("Test IdP", "portal-plain", "plain-secret-5521", False),
    "trusted-idp": ("Trusted IdP", "portal-trusted", "trusted-secret-7730", True),
}


def clients(portal_urls: list[str]) -> list[dict]:
    """The provider's clients, each allowed to send people back to the portal at these URLs."""
    return [
        {
            "client_id": client_id,
            "secret": secret,
            "redirect_uris": [
                f"{base}/accounts/oidc/{provider_id}/login/callback/" for base in portal_urls
            ],
        }
        for provider_id, (_name, client_id, secret, _trusted) in PROVIDERS.items()
    ]


def portal_settings(server_url: str) -> list[dict]:
    """The portal's ``OIDC_PROVIDERS`` for the running test identity provider."""
    return [
        {
            "id": provider_id,
            "name": name,
            "server_url": server_url,
            "client_id": client_id,
            "secret": secret,
            "trusts_second_factor": trusted,
        }
        for provider_id, (name, client_id, secret, trusted) in PROVIDERS.items()
    ]


def sign_in_at_provider(authorize_url: str, email: str, password: str = PASSWORD) -> str:
    """Do what a person does on the provider's own pages (its sign-in form, over HTTP), and
    return where the provider sends them back: the portal's callback with code and state."""
    import re

    import requests

    with requests.Session() as session:
        form = session.get(authorize_url, timeout=10)
        form.raise_for_status()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        next_url = re.search(r'name="next" value="([^"]+)"', form.text)[1].replace("&amp;", "&")
        answer = session.post(
            form.url,
            data={
                "csrfmiddlewaretoken": token,
                "username": email,
                "password": password,
                "next": next_url,
            },
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, answer.text[:500]
        # Signed in at the provider: back to its authorisation endpoint, which answers with
        # the portal's callback.
        answer = session.get(
            urljoin(form.url, answer.headers["Location"]), allow_redirects=False, timeout=10
        )
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
