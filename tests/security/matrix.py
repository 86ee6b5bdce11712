"""The machinery of the permission matrix: every URL pattern of the resolver, a client per role,
one request per (pattern, target, role, method), each answer reduced to a category.

The expectations are in ``test_permission_matrix.TABLE``; this module only walks and asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import pass_second_factor

# What an answer means, whatever page gave it.
OK = "ok"  # 2xx: the page, the file or the change
MOVED = "moved"  # a redirect elsewhere than a sign-in page: after a change, or "not here"
LOGIN = "login"  # a redirect to a sign-in page (the portal's or the admin's)
MFA = "mfa"  # a redirect to enrol or confirm a second factor
BAD = "400"  # a refusal of the input, for someone allowed to send it
DENIED = "403"
MISSING = "404"
NOT_ALLOWED = "405"
GONE = "410"
ERROR = "500"

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
MFA_PATHS = ("/accounts/2fa/",)


def walk(patterns=None, prefix="", namespace=""):
    """(key, route) for every URL pattern, included ones too; the key is the pattern's name
    (with its namespace), or its route when it has no name."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route


def category(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(LOGIN_PATHS):
            return LOGIN
        if location.startswith(MFA_PATHS):
            return MFA
        return MOVED
    return str(status)


@dataclass
class Answer:
    key: str
    target: str
    role: str
    method: str
    path: str
    got: str


class RoleClient:
    """A client signed in as one role (or anonymous), whose cookies are put back before each
    request, so that a request that signs out or writes the session changes nothing after it."""

    def __init__(self, user=None, *, opened=None, enforce_csrf_checks=False, second_factor=True):
        self.client = Client(enforce_csrf_checks=enforce_csrf_checks, raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
            if second_factor:  # as the portal's sign-in: the code too, for enrolled staff
                pass_second_factor(self.client, user)
        for path in opened or ():
            self.client.get(path)
        self.cookies = SimpleCookie(self.client.cookies.output(header="", sep="\n"))

    def request(self, method, path, data=None):
        """One request whose writes are rolled back: every role meets the same scene."""
        self.client.cookies = SimpleCookie(self.cookies.output(header="", sep="\n"))
        cache.clear()  # rate limits count nothing from one request to the next
        with transaction.atomic():
            if method == "GET":
                response = self.client.get(path)
            else:
                response = self.client.post(path, data or {})
            if response.streaming:
                # Read to the end through the client's wrapper, which closes the response
                # without closing the test's database connection.
                for _chunk in response.streaming_content:
                    pass
            transaction.set_rollback(True)
        return response
