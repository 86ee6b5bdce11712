"""Faults with real services: a broker that stops, a renderer that is killed, a database that
restarts, an upload cut off half way, a burst of edits (issue 10).

Each test breaks only servers or processes it started itself (tests/faults/conftest.py).
"""

import multiprocessing
import os
import signal
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from letters import domain as letters_domain
from letters.enums import LetterKind
from letters.models import Letter
from letters.tokens import invitation_token
from packets import domain as packets_domain
from packets import rendering
from packets.enums import PacketStatus
from packets.models import Packet
from tests.factories import ApplicationFactory, complete_application
from tests.letters import samples


def submitted(application):
    from applications import domain

    return domain.submit_application(application=application, user=application.owner_user)


# --- The broker stops while an applicant submits --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_submission_while_redis_is_down_is_saved_confirmed_and_its_packet_sent_later(
    client, own_broker
):
    application = complete_application(ApplicationFactory())
    client.force_login(application.owner_user)
    mail.outbox.clear()
    own_broker.pause()

    response = client.post(
        reverse("application_submit", kwargs={"reference": application.reference}),
        {"confirm": "on"},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert [message.to for message in mail.outbox] == [[application.owner_user.email]]
    packet = Packet.objects.get(application=application)
    assert (packet.status, packet.enqueued_at) == (PacketStatus.QUEUED, None)  # not lost

    own_broker.resume()
    later = timezone.now() + packets_domain.UNSENT_GRACE + timedelta(seconds=1)
    assert [p.pk for p in packets_domain.requeue_stuck_packets(now=later)] == [packet.pk]

    packet.refresh_from_db()
    assert packet.enqueued_at is not None
    queued = redis.Redis.from_url(own_broker.url).llen("celery")
    assert queued == 1


# --- A renderer killed in the middle of a render -------------------------------------------


def _render_slowly_in_a_child(packet_id):
    """A worker process: renders the packet, slowly, until killed."""
    for connection in connections.all(initialized_only=True):
        connection.connection = None  # the parent's socket is not ours to use or close
    original = rendering.render_packet_pdf

    def slow(*args, **kwargs):
        time.sleep(120)
        return original(*args, **kwargs)

    packets_domain.render_packet_pdf = slow
    packets_domain.render_packet(packet=Packet.objects.get(pk=packet_id))


def test_the_beat_sweep_and_the_lease_take_up_a_lost_render_within_a_minute():
    sweep = settings.CELERY_BEAT_SCHEDULE["packets-requeue-stuck"]["schedule"]
    assert sweep == packets_domain.SWEEP_SECONDS
    assert packets_domain.LEASE.total_seconds() + sweep < 60
    assert packets_domain.HEARTBEAT < packets_domain.LEASE / 2


@pytest.mark.django_db(transaction=True)
def test_a_renderer_killed_mid_render_is_replaced_and_the_packet_rendered(
    celery_worker, monkeypatch
):
    monkeypatch.setattr(packets_domain, "HEARTBEAT", timedelta(seconds=0.5))
    monkeypatch.setattr(packets_domain, "LEASE", timedelta(seconds=2))
    application = complete_application(ApplicationFactory())
    submitted(application)
    packet = Packet.objects.get(application=application)
    # Whatever the session worker got first: this test's renderer takes the packet.
    Packet.objects.filter(pk=packet.pk).update(status=PacketStatus.QUEUED)

    renderer = multiprocessing.get_context("fork").Process(
        target=_render_slowly_in_a_child, args=(packet.pk,)
    )
    renderer.start()
    deadline = time.monotonic() + 20
    while Packet.objects.get(pk=packet.pk).heartbeat_at is None:
        assert time.monotonic() < deadline, "the renderer never started"
        time.sleep(0.2)
    os.kill(renderer.pid, signal.SIGKILL)
    renderer.join()
    killed_at = time.monotonic()

    assert packets_domain.requeue_stuck_packets() == []  # still within its lease
    time.sleep(2.5)
    assert [p.pk for p in packets_domain.requeue_stuck_packets()] == [packet.pk]
    while Packet.objects.get(pk=packet.pk).status != PacketStatus.READY:
        assert time.monotonic() - killed_at < 60, Packet.objects.get(pk=packet.pk).error
        time.sleep(0.3)
    assert Packet.objects.get(pk=packet.pk).attempts == 2


# --- PostgreSQL restarts between two requests --------------------------------------------


def test_after_a_postgresql_restart_the_next_request_succeeds(own_postgres, django_db_blocker):
    """With the production connection settings (kept for a minute, health-checked)."""
    with django_db_blocker.unblock():
        _restart_between_requests(own_postgres)


def _restart_between_requests(own_postgres):
    alias = "restarting"
    connections.settings[alias] = {
        **settings.DATABASES["default"],
        "NAME": "postgres",
        "PORT": str(own_postgres.port),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }
    try:
        connection = connections[alias]

        def one_request():
            request_started.send(sender=None)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                answer = cursor.fetchone()[0]
            request_finished.send(sender=None)
            return answer

        assert one_request() == 1
        before = connection.connection
        own_postgres.restart()
        assert one_request() == 1
        assert connection.connection is not before  # a new connection replaced the dead one
        assert one_request() == 1
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


# --- A letter upload cut off half way -----------------------------------------------------


def _letter_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "letters"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.django_db(transaction=True)
def test_a_letter_upload_cut_off_half_way_keeps_nothing_and_can_be_sent_again(live_server):
    application = ApplicationFactory()
    invitation = letters_domain.invite_letter_author(
        application=application,
        organisation_name="Fundación Tribu",
        email="tomas@tribu.example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=str,
    )
    path = reverse("letter_invitation", kwargs={"token": invitation_token(invitation)})
    files_before = _letter_files()
    boundary = "----cut-off"
    letter = samples.pdf("Apoyamos la postulación.", pages=3)
    fields = {
        "author_organisation": "Fundación Tribu",
        "signatory_name": "Tomás González",
        "signatory_title": "Presidente",
        "signed_on": "2026-11-02",
        "language": "es",
    }
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="carta.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + letter
        + f"\r\n--{boundary}--\r\n".encode()
    )
    host, port = live_server.thread.host, live_server.thread.port

    with socket.create_connection((host, port), timeout=10) as conn:
        # No CSRF token is needed: the invitee's page has no session; the link is the secret.
        conn.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        )
        conn.sendall(body[: len(body) - len(letter) // 2])  # the file's second half never comes
        conn.shutdown(socket.SHUT_WR)
        conn.settimeout(10)
        try:
            while conn.recv(65536):
                pass
        except (ConnectionResetError, TimeoutError):
            pass

    time.sleep(0.5)
    assert not Letter.objects.filter(invitation=invitation).exists()
    assert _letter_files() == files_before

    upload = SimpleUploadedFile("carta.pdf", letter)
    response = Client().post(path, fields | {"file": upload})
    assert response.status_code == 200
    assert Letter.objects.filter(invitation=invitation).count() == 1


# --- A burst of edits after submission -----------------------------------------------------


@pytest.mark.django_db
def test_several_quick_edits_after_submission_render_one_packet(
    django_capture_on_commit_callbacks, monkeypatch
):
    from packets.tasks import render_packet_task

    sent = []
    monkeypatch.setattr(
        render_packet_task, "apply_async", lambda args, countdown: sent.append((args, countdown))
    )
    monkeypatch.setattr(render_packet_task, "delay", lambda *args: sent.append((args, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(complete_application(ApplicationFactory()))
    first = Packet.objects.get(application=application)
    packets_domain.render_packet(packet=first)
    sent.clear()

    for office in ("Office A", "Office B", "Office C"):  # as the admin's change form saves
        with django_capture_on_commit_callbacks(execute=True):
            edited = Application.objects.get(pk=application.pk)
            edited.lead_office = office
            edited.save()

    packets = list(Packet.objects.filter(application=application).order_by("version"))
    assert [(p.version, p.status) for p in packets] == [
        (1, PacketStatus.READY),
        (2, PacketStatus.QUEUED),
    ]
    assert packets[1].inputs["application"]["lead_office"] == "Office C"
    assert sent == [((packets[1].pk,), settings.PACKET_DEBOUNCE_SECONDS)]


@pytest.mark.django_db
def test_an_edit_after_the_worker_claimed_the_packet_makes_a_new_version(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        application = submitted(complete_application(ApplicationFactory()))
    first = Packet.objects.get(application=application)
    assert packets_domain._claim(first) is not None  # a worker has just taken it

    with django_capture_on_commit_callbacks(execute=False):
        edited = Application.objects.get(pk=application.pk)
        edited.lead_office = "Edited while rendering"
        edited.save()
        packets_domain.refresh_packet(application_id=application.pk)

    first.refresh_from_db()
    assert first.inputs["application"]["lead_office"] != "Edited while rendering"
    newest = Packet.objects.filter(application=application).order_by("-version").first()
    assert newest.version == 2
    assert newest.inputs["application"]["lead_office"] == "Edited while rendering"
