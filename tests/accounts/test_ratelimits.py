"""Sign-in limits per address (issue 18, items 1 and 12), with forwarded headers as the TLS
proxy sets them; tests/ogp_portal/test_behind_proxy.py shows the same through Caddy itself."""

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.test import RequestFactory

from accounts.adapter import PortalAccountAdapter
from accounts.ratelimits import split_login_failed
from common.client_address import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PROXY = "172.18.0.3"  # every request reaches gunicorn from the proxy


def post_login(client, email, password, address):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def refused(response) -> bool:
    return response.status_code == 429 or b"Too many failed login attempts" in response.content


def test_the_client_address_is_the_one_the_trusted_proxy_reports(settings, rf):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == PROXY
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # the proxy's own entry, the last
    assert client_address(request) == "198.51.100.2"


def test_one_guesser_does_not_lock_out_everyone_behind_the_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for attempt in range(10):
        answer = post_login(client, f"made-up{attempt}@example.org", "wrong", "198.51.100.66")
        assert not refused(answer)
    assert refused(post_login(client, "made-up@example.org", "wrong", "198.51.100.66"))
    answer = post_login(client, user.email, PASSWORD, "198.51.100.7")
    assert answer.status_code == 302 and answer["Location"] == "/applications/"


def test_without_the_proxy_setting_everyone_shares_the_proxy_address(client, settings):
    """What the bug was: the same scene with the forwarded address ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    for attempt in range(10):
        post_login(client, f"made-up{attempt}@example.org", "wrong", "198.51.100.66")
    assert refused(post_login(client, user.email, PASSWORD, "198.51.100.7"))


def test_per_account_limit_stays_whatever_the_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for attempt in range(5):
        assert not refused(post_login(client, user.email, "wrong", f"198.51.100.{attempt + 1}"))
    assert refused(post_login(client, user.email, PASSWORD, "198.51.100.99"))


def test_sign_ins_in_flight_from_one_address_do_not_fill_the_failure_limit(settings):
    """Item 12: twelve colleagues' sign-ins being checked at the same moment (each has passed
    the limit's check, none has finished) do not refuse the next colleague."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    factory = RequestFactory()

    def request():
        return factory.post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.30")

    adapter = PortalAccountAdapter()
    for colleague in range(12):
        adapter.pre_authenticate(request(), email=f"colleague{colleague}@example.org")
    adapter.pre_authenticate(request(), email="the-thirteenth@example.org")  # not refused


def test_the_limiter_waits_for_its_lock_longer_than_a_second(settings):
    assert allauth_ratelimit.CACHE_LOCK_WAIT_TIMEOUT == settings.RATE_LIMIT_LOCK_WAIT_SECONDS
    assert settings.RATE_LIMIT_LOCK_WAIT_SECONDS >= 5


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ("10/m/ip,5/5m/key", {"login_failed": "5/5m/key", "login_failed_address": "10/m/ip"}),
        ("20/m", {"login_failed": "", "login_failed_address": "20/m"}),
        ("3/m/key", {"login_failed": "3/m/key", "login_failed_address": ""}),
    ],
)
def test_the_failed_sign_in_limit_is_split_per_address_and_per_account(rates, expected):
    assert split_login_failed(rates) == expected
