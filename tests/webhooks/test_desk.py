"""The desk's webhook pages: an endpoint on a private address cannot be registered; the
delivery log's "send again" queues the same delivery."""

import pytest

from tests.factories import login
from tests.reviews.factories import make_coordinator
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
