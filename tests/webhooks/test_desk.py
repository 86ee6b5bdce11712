"""The desk's webhook pages: an endpoint on a private address cannot be registered; the
delivery log's "send again" queues the same delivery; the signing secret is shown once, when it
is made or rotated, and masked afterwards."""

import pytest
from django.utils import timezone

from tests.factories import login
from tests.reviews.factories import make_coordinator
from webhooks import domain
from webhooks.enums import DeliveryStatus, Event
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def test_a_private_address_is_refused_at_registration(client):
    login(client, make_coordinator())  # staff: with the second factor
    response = client.post(
        "/admin/webhooks/endpoint/add/",
        {"url": "http://127.0.0.1:8000/hook", "events": [Event.PLAN_PUBLISHED], "active": "on"},
    )
    assert response.status_code == 200
    assert "private or loopback address" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_send_again_queues_the_delivery(client, django_capture_on_commit_callbacks):
    login(client, make_coordinator())  # staff: with the second factor
    endpoint = Endpoint.objects.create(url="https://hooks.example.org/", events=["plan.published"])
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event="plan.published",
        payload={},
        status=DeliveryStatus.FAILED,
        attempts=6,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/admin/webhooks/delivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
    assert len(callbacks) == 1


def test_the_signing_secret_is_shown_once_at_creation_then_masked(client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # no public name resolves here
    login(client, make_coordinator())
    response = client.post(
        "/admin/webhooks/endpoint/add/",
        {"url": "https://127.0.0.1/hook", "events": [Event.PLAN_PUBLISHED], "active": "on"},
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 200  # the secret's page, not a redirect that could be reloaded
    assert "no-store" in response["Cache-Control"]
    assert endpoint.secret in response.content.decode()
    assert "shown only once" in response.content.decode()

    for url in (f"/admin/webhooks/endpoint/{endpoint.pk}/change/", "/admin/webhooks/endpoint/"):
        page = client.get(url).content.decode()
        assert endpoint.secret not in page
        assert endpoint.secret.removeprefix("whsec_")[4:12] not in page
    assert (
        domain.masked_secret(endpoint.secret)
        in client.get(f"/admin/webhooks/endpoint/{endpoint.pk}/change/").content.decode()
    )


def test_rotating_the_secret_asks_then_shows_the_new_one_once(client):
    login(client, make_coordinator())
    endpoint = Endpoint.objects.create(url="https://hooks.example.org/", events=["plan.published"])
    old = endpoint.secret
    url = f"/admin/webhooks/endpoint/{endpoint.pk}/rotate-secret/"

    asked = client.get(url)
    assert asked.status_code == 200
    assert "Rotate the secret" in asked.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret == old  # a GET changes nothing

    response = client.post(url)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    assert endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert endpoint.secret not in client.get(url).content.decode()


def test_a_reviewer_can_neither_see_nor_rotate_a_secret(client):
    from tests.reviews.factories import make_reviewer

    endpoint = Endpoint.objects.create(url="https://hooks.example.org/", events=["plan.published"])
    old = endpoint.secret
    login(client, make_reviewer("KE"))
    assert client.post(f"/admin/webhooks/endpoint/{endpoint.pk}/rotate-secret/").status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.secret == old


def test_the_rotation_page_says_how_long_the_old_secret_still_signs(client):
    login(client, make_coordinator())
    endpoint = Endpoint.objects.create(url="https://hooks.example.org/", events=["plan.published"])
    url = f"/admin/webhooks/endpoint/{endpoint.pk}/rotate-secret/"
    assert "For the next 24 hours" in client.get(url).content.decode()
    shown = client.post(url).content.decode()
    endpoint.refresh_from_db()
    assert endpoint.previous_secret and endpoint.previous_secret not in shown  # never shown again
    assert "The old secret signs deliveries too until" in shown


def test_a_secret_that_may_have_leaked_stops_at_once(client):
    login(client, make_coordinator())
    endpoint = Endpoint.objects.create(url="https://hooks.example.org/", events=["plan.published"])
    client.post(f"/admin/webhooks/endpoint/{endpoint.pk}/rotate-secret/", {"at_once": "yes"})
    endpoint.refresh_from_db()
    assert endpoint.previous_secret == "" and endpoint.previous_secret_until is None
    assert endpoint.signing_secrets(timezone.now()) == [endpoint.secret]
