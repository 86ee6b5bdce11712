"""/healthz: 200 when the database, Redis and the private storage answer; 503 otherwise, with
nothing an outsider could use."""

import pytest

pytestmark = pytest.mark.django_db


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
