"""Faults with real services: a broker that stops, a renderer that is killed, a database that
restarts, an upload cut off half way, a burst of edits (issue 10).

Each test breaks only servers or processes it started itself (tests/faults/conftest.py). The
killed renderer is a real ``celery worker`` process (main and pool child, SIGKILLed together)
rendering a genuinely long packet; ``celery beat`` and a fresh worker, started with short
``PACKET_HEARTBEAT_SECONDS`` / ``PACKET_LEASE_SECONDS`` / ``PACKET_SWEEP_SECONDS``, take it up.
"""

import os
import socket
import subprocess
import sys
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
from packets.enums import PacketStatus
from packets.models import Packet
from tests.factories import ApplicationFactory, complete_application
from tests.letters import samples
from tests.ogp_portal.production import CLEARED, ROOT


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


# Short enough for a test, with the lease at least twice the heartbeat as settings require;
# passed to the worker and beat processes as environment variables, as a host would set them.
FAST_RECOVERY = {
    "PACKET_HEARTBEAT_SECONDS": "1",
    "PACKET_LEASE_SECONDS": "3",
    "PACKET_SWEEP_SECONDS": "2",
}
PARAGRAPH = (
    "The municipality publishes its budget, procurement and contract data on an open data "
    "portal that residents and journalists use every week. Neighbourhood councils meet monthly "
    "with the planning office to follow the works financed by the participatory budget, and "
    "every quarter the forum reviews the progress dashboard in a public session. "
)


def test_the_beat_sweep_and_the_lease_take_up_a_lost_render_within_a_minute():
    sweep = settings.CELERY_BEAT_SCHEDULE["packets-requeue-stuck"]["schedule"]
    assert sweep == settings.PACKET_SWEEP_SECONDS
    assert packets_domain.lease().total_seconds() + sweep < 60
    assert packets_domain.heartbeat_interval() <= packets_domain.lease() / 2


def test_a_lease_shorter_than_two_heartbeats_is_refused_at_start():
    """A live renderer must never look dead: the settings refuse such knobs outright."""
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(PACKET_HEARTBEAT_SECONDS="2", PACKET_LEASE_SECONDS="3")
    started = subprocess.run(
        [sys.executable, "-c", "import ogp_portal.settings"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert started.returncode != 0
    assert "PACKET_LEASE_SECONDS must be at least twice PACKET_HEARTBEAT_SECONDS" in started.stderr


def a_long_application():
    """An application answered at length: its packet takes seconds to render (some 40 pages),
    long enough to kill its worker in the middle."""
    from applications import domain
    from calls.enums import QuestionKind

    application = complete_application(ApplicationFactory())
    answer = "\n\n".join([PARAGRAPH * 3] * 12)
    for section in application.call.sections.all():
        answers = {
            question.pk: answer
            for question in section.questions.active()
            if question.kind == QuestionKind.LONG_TEXT
        }
        if answers:
            domain.save_section(
                application=application,
                section=section,
                answers=answers,
                version=domain.section_version(application, section),
                user=application.owner_user,
            )
    return application


def _packet_files(application):
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "packets" / str(application.pk)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_is_replaced_and_the_packet_rendered(celery_processes):
    """A real worker (main process and its pool child) is SIGKILLed while it renders; beat's
    sweep sends the packet again once the lease ran out, and a fresh worker renders it."""
    application = a_long_application()
    celery_processes.beat(**FAST_RECOVERY)
    first = celery_processes.worker("first", **FAST_RECOVERY)

    submitted(application)  # the packet's message goes to the first worker on commit
    packet = Packet.objects.get(application=application)
    deadline = time.monotonic() + 30
    while Packet.objects.get(pk=packet.pk).heartbeat_at is None:  # alive, mid-render
        assert time.monotonic() < deadline, f"no render started:\n{first.output()}"
        time.sleep(0.05)
    first.kill()
    killed_at = time.monotonic()

    packet.refresh_from_db()
    assert (packet.status, packet.attempts, packet.file.name) == (PacketStatus.RENDERING, 1, "")
    assert _packet_files(application) == []  # killed before writing anything
    second = celery_processes.worker("second", **FAST_RECOVERY)

    while (packet := Packet.objects.get(pk=packet.pk)).status != PacketStatus.READY:
        assert packet.status != PacketStatus.FAILED, packet.error
        assert time.monotonic() - killed_at < 60, (
            f"still {packet.status} a minute after the kill (attempts: {packet.attempts}):\n"
            + second.output()[-3000:]
        )
        time.sleep(0.2)
    assert packet.attempts == 2  # the killed render and the one that finished
    assert "Requeued 1 stuck packets" in second.output()  # by beat's sweep, once the lease ran out
    assert packet.page_count > 30
    assert _packet_files(application) == [Path(packet.file.name).name]  # no partial file
    with packet.file.open("rb") as pdf:
        assert pdf.read().rstrip().endswith(b"%%EOF")


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
