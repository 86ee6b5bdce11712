"""After enrolling the authenticator, the recovery codes offer the way back to where the staff
member was going, and only to a page of this site."""

import pytest
from django.test import RequestFactory

from accounts import enrolment


def request_with(next_url, session=None):
    request = RequestFactory().get("/accounts/2fa/totp/activate/", {"next": next_url})
    request.session = {} if session is None else session
    return request


@pytest.mark.parametrize("target", ["/admin/reviews/rankedapplication/", "/admin/?q=x"])
def test_a_page_of_this_site_is_remembered(target):
    request = request_with(target)
    enrolment.remember_destination(request)
    assert enrolment.destination(request) == target


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"]
)
def test_another_site_is_never_offered(target):
    request = request_with(target)
    enrolment.remember_destination(request)
    assert enrolment.destination(request) == ""


def test_no_next_keeps_what_was_remembered():
    session = {}
    enrolment.remember_destination(request_with("/admin/", session))
    enrolment.remember_destination(request_with("", session))
    assert enrolment.destination(request_with("", session)) == "/admin/"
