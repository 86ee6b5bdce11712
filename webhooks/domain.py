"""Every write of the webhooks: an event becomes one delivery per listening endpoint, each sent
by a Celery task (tasks.deliver) one attempt at a time."""

import json
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import transport
from .addresses import AddressRefused
from .enums import DeliveryStatus
from .models import Delivery, Endpoint, new_secret
from .signing import headers

TIMEOUT_SECONDS = 10


def emit(*, event, data):
    """Record ``event`` for every active endpoint listening to it; the deliveries are queued
    once the surrounding transaction commits."""
    deliveries = [
        Delivery.objects.create(
            endpoint=endpoint,
            event=event,
            payload={"type": event, "timestamp": timezone.now().isoformat(), "data": data},
        )
        for endpoint in Endpoint.objects.filter(active=True)
        if endpoint.listens_to(event)
    ]
    for delivery in deliveries:
        _queue(delivery)
    return deliveries


def _queue(delivery):
    from .tasks import deliver  # noqa: PLC0415  (tasks import this module)

    transaction.on_commit(lambda: deliver.delay(delivery.pk))


def send_again(*, delivery):
    """The desk's "send again": the same message id and body, attempts from zero."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, error=""
    )
    _queue(delivery)


def attempt(delivery_id, *, last):
    """One attempt; returns True if another should follow (a failure that is not the last)."""
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status == DeliveryStatus.DELIVERED:
        return False
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        response = transport.post(  # to the address it checked, no redirect followed
            delivery.endpoint.url,
            data=body,
            headers=headers(
                delivery.endpoint.signing_secrets(now),
                str(delivery.message_id),
                int(now.timestamp()),
                body,
            ),
            timeout=TIMEOUT_SECONDS,
        )
    except AddressRefused as refusal:
        delivery.status, delivery.error = DeliveryStatus.REFUSED, str(refusal)
        delivery.save()
        return False
    except requests.RequestException as error:
        delivery.response_code, delivery.error = None, str(error)[:500]
    else:
        delivery.response_code = response.status_code
        if 200 <= response.status_code < 300:
            delivery.status, delivery.error, delivery.delivered_at = (
                DeliveryStatus.DELIVERED,
                "",
                now,
            )
            delivery.save()
            return False
        delivery.error = f"HTTP {response.status_code}"
    delivery.status = DeliveryStatus.FAILED if last else DeliveryStatus.RETRYING
    delivery.save()
    return not last


def rotate_secret(*, endpoint, now=None, overlap=True):
    """Give ``endpoint`` a new signing secret and return it (shown once, by the caller).
    Attempts from now on, retries included, are signed with the new one and, for
    ``WEBHOOKS_SECRET_OVERLAP_HOURS``, with the old one too: a receiver that still has the old
    secret accepts them while it is given the new. Without ``overlap`` (the old secret may be
    known to someone else) the old one stops at once."""
    now = now or timezone.now()
    endpoint.previous_secret = endpoint.secret if overlap else ""
    endpoint.previous_secret_until = (
        now + timedelta(hours=secret_overlap_hours()) if overlap else None
    )
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return endpoint.secret


def secret_overlap_hours():
    return settings.WEBHOOKS_SECRET_OVERLAP_HOURS


def masked_secret(secret):
    """What the desk shows of a secret after creation: enough to tell two apart, no more."""
    return f"whsec_{secret.removeprefix('whsec_')[:4]}…" if secret else ""


def max_attempts():
    return settings.WEBHOOKS_MAX_ATTEMPTS
