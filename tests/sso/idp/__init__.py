"""A real OpenID Connect provider for the test session: django-oidc-provider in a tiny Django
project of its own (its settings, its SQLite database in a temporary folder, its RSA key),
served on 127.0.0.1 by ``serve.py``. Started by ``tests.sso.server.IdentityProviderServer``.

It is the identity provider's side only: nothing here imports the portal.
"""
