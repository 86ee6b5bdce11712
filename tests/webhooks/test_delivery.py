"""Webhooks: delivered to a receiver on loopback and its signature verified, a failing receiver
retried, an endpoint on a private address refused, events from the domain's own writes."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from celery.exceptions import Retry
from django.test import override_settings

from webhooks import domain
from webhooks.enums import DeliveryStatus, Event
from webhooks.models import Delivery, Endpoint
from webhooks.signing import verify
from webhooks.tasks import deliver

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on loopback answering each POST with the next of ``codes``."""

    def __init__(self, codes):
        self.codes = list(codes)
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                code = outer.codes.pop(0) if outer.codes else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(codes=()):
        made.append(Receiver(codes))
        return made[-1]

    yield make
    for server in made:
        server.close()


def run(delivery_id):
    """What the worker does: the task, then its retries as long as it asks for one (the waits
    it asks for are returned, not slept)."""
    waits = []
    for retries in range(100):
        try:
            deliver.apply(args=[delivery_id], retries=retries, throw=True)
        except Retry as retry:
            waits.append(retry.when)
            continue
        return waits
    raise AssertionError("never finished")


def endpoint_at(url, events=(Event.PLAN_PUBLISHED,)):
    return Endpoint.objects.create(url=url, events=list(events))


@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_delivery_is_signed_as_standard_webhooks_say(receiver):
    server = receiver()
    endpoint = endpoint_at(server.url)
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 7, "member": 3})

    run(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert (delivery.attempts, delivery.response_code) == (1, 200)
    headers, body = server.received[0]
    assert headers["webhook-id"] == str(delivery.message_id)
    assert headers["webhook-signature"].startswith("v1,")
    assert verify(endpoint.secret, headers, body)
    assert not verify(endpoint.secret, headers, body.replace(b"7", b"8"))
    assert json.loads(body)["data"] == {"plan": 7, "member": 3}
    assert json.loads(body)["type"] == "plan.published"


@override_settings(
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True, WEBHOOKS_MAX_ATTEMPTS=4, WEBHOOKS_RETRY_BASE_SECONDS=30
)
def test_a_failing_receiver_is_tried_again_with_backoff(receiver):
    server = receiver(codes=[500, 503])
    endpoint_at(server.url)
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 1, "member": 1})

    assert run(delivery.pk) == [30, 60]

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 3
    ids = {headers["webhook-id"] for headers, _body in server.received}
    assert ids == {str(delivery.message_id)}  # the same message each time


@override_settings(
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True, WEBHOOKS_MAX_ATTEMPTS=2, WEBHOOKS_RETRY_BASE_SECONDS=0
)
def test_a_receiver_that_keeps_failing_is_given_up_then_sent_again(
    receiver, django_capture_on_commit_callbacks
):
    server = receiver(codes=[500, 500])
    endpoint_at(server.url)
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 1, "member": 1})
    run(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (
        DeliveryStatus.FAILED,
        2,
        500,
    )

    with django_capture_on_commit_callbacks() as callbacks:
        domain.send_again(delivery=delivery)
    assert len(callbacks) == 1
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_an_endpoint_on_a_private_address_is_refused(receiver):
    server = receiver()
    endpoint_at(server.url)
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 1, "member": 1})

    run(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REFUSED
    assert server.received == []
    for url in ("http://10.0.0.5/", "http://[::1]/", "http://169.254.169.254/latest/"):
        endpoint_at(url)
    for delivery in domain.emit(event=Event.PLAN_PUBLISHED, data={}):
        run(delivery.pk)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.REFUSED}


def test_publishing_a_plan_fires_its_event():
    from tests.factories import UserFactory
    from tests.members.factories import published_plan, quick_member
    from tests.reviews.factories import make_coordinator

    endpoint_at("https://hooks.example.org/ogp", events=[Event.PLAN_PUBLISHED])
    endpoint_at("https://other.example.org/ogp", events=[Event.DECISION_RELEASED])
    member = quick_member(editors=[UserFactory()])
    plan = published_plan(member, make_coordinator())

    (delivery,) = Delivery.objects.all()
    assert delivery.event == Event.PLAN_PUBLISHED
    assert delivery.payload["data"] == {"plan": plan.pk, "member": member.pk}


def test_submission_release_and_report_fire_their_events():
    from reviews import domain as reviews_domain
    from tests.factories import UserFactory
    from tests.members.factories import published_plan, published_report, quick_member
    from tests.reviews.factories import make_coordinator, submitted_application

    endpoint_at(
        "https://hooks.example.org/all",
        events=[Event.APPLICATION_SUBMITTED, Event.DECISION_RELEASED, Event.REPORT_PUBLISHED],
    )
    coordinator = make_coordinator()
    application = submitted_application()
    decision = reviews_domain.record_decision(
        application=application, outcome="not_admitted", reason="Too early.", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    member = quick_member(editors=[UserFactory()])
    plan = published_plan(member, coordinator)
    report = published_report(plan.commitments.first(), coordinator)

    sent = {delivery.event: delivery.payload["data"] for delivery in Delivery.objects.all()}
    assert sent[Event.APPLICATION_SUBMITTED]["reference"] == application.reference
    assert sent[Event.DECISION_RELEASED]["outcome"] == "not_admitted"
    assert sent[Event.REPORT_PUBLISHED] == {"report": report.pk, "member": member.pk}
    assert Event.PLAN_PUBLISHED not in sent  # not asked for by this endpoint


@pytest.mark.worker
@override_settings(
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True, WEBHOOKS_MAX_ATTEMPTS=3, WEBHOOKS_RETRY_BASE_SECONDS=0
)
def test_the_celery_worker_delivers_and_retries(celery_worker, receiver):
    """Through the real broker and worker: queued on commit, failed once, delivered."""
    server = receiver(codes=[502])
    endpoint = endpoint_at(server.url)
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 2, "member": 5})

    finished = threading.Event()
    for _tick in range(300):  # at most 30 s, woken every 0.1 s
        delivery.refresh_from_db()
        if delivery.status == DeliveryStatus.DELIVERED:
            break
        finished.wait(0.1)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2
    assert len(server.received) == 2
    headers, body = server.received[-1]
    assert verify(endpoint.secret, headers, body)


@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True, WEBHOOKS_SECRET_OVERLAP_HOURS=24)
def test_after_a_rotation_the_old_secret_signs_too_until_its_overlap_ends(receiver):
    server = receiver()
    endpoint = endpoint_at(server.url)
    old = endpoint.secret
    with time_machine.travel("2026-12-07 09:00 +0000", tick=False):
        new = domain.rotate_secret(endpoint=endpoint)
        (during,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 1, "member": 1})
        run(during.pk)
    with time_machine.travel("2026-12-08 09:00 +0000", tick=False):  # 24 hours later
        (after,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 2, "member": 1})
        run(after.pk)

    (headers, body), (later_headers, later_body) = server.received
    # During the overlap: two signatures; a receiver with either secret accepts the delivery.
    assert len(headers["webhook-signature"].split()) == 2
    assert verify(new, headers, body) and verify(old, headers, body)
    # Once it has ended, the new secret alone.
    assert len(later_headers["webhook-signature"].split()) == 1
    assert verify(new, later_headers, later_body)
    assert not verify(old, later_headers, later_body)
