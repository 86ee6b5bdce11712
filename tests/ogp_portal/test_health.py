"""/healthz: 200 when the database, Redis and the private storage answer; 503 otherwise, with
nothing an outsider could use. The deep check answers only the machines around the portal (or
a token), at most once every few seconds; anyone else gets the cheap liveness answer."""

import pytest

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.7"  # an address on the Internet (the test client's default is 127.0.0.1)


@pytest.fixture(autouse=True)
def no_cached_answer(settings):
    from ogp_portal import health

    health.forget()
    settings.HEALTH_CHECK_CACHE_SECONDS = 0


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_any_host_name_and_plain_http(client, settings):
    """A container health check asks http://127.0.0.1:8000 whatever ALLOWED_HOSTS says."""
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200


def test_redis_down_is_unavailable_without_detail(client, settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert "Redis does not answer" in caplog.text


def test_storage_not_writable_is_unavailable(client, settings, tmp_path):
    from django.core.files.storage import storages

    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked / "private"},
        },
    }
    assert storages["private"].location.endswith("private")
    assert client.get("/healthz").status_code == 503


def test_anyone_gets_the_cheap_answer_without_touching_database_or_redis(
    client, settings, django_assert_num_queries
):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # broken: an outsider cannot tell
    with django_assert_num_queries(0):
        response = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200 and response.content == b"ok\n"


def test_behind_the_proxy_the_internet_is_not_local(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Through the proxy (on a private network): the client is the forwarded address.
    through_proxy = {"REMOTE_ADDR": "172.18.0.5", "HTTP_X_FORWARDED_FOR": OUTSIDE}
    assert client.get("/healthz", **through_proxy).status_code == 200
    # The container's own health check, on loopback, without the proxy: the deep answer.
    assert client.get("/healthz").status_code == 503
    assert client.get("/healthz", REMOTE_ADDR="10.0.0.8").status_code == 503


def test_the_token_opens_the_deep_check_from_anywhere(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.HEALTH_CHECK_TOKEN = "a-long-health-check-token"
    wrong = client.get("/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_HEALTH_TOKEN="guess")
    assert wrong.status_code == 200
    right = client.get(
        "/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_HEALTH_TOKEN="a-long-health-check-token"
    )
    assert right.status_code == 503


def test_the_deep_check_is_cached_for_a_few_seconds(client, settings):
    settings.HEALTH_CHECK_CACHE_SECONDS = 300
    assert client.get("/healthz").status_code == 200  # computed now
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert client.get("/healthz").status_code == 200  # the answer of a moment ago
    settings.HEALTH_CHECK_CACHE_SECONDS = 0
    assert client.get("/healthz").status_code == 503
