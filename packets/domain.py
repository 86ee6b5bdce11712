"""Packets: asking for one, rendering it, and looking after those that got stuck.

One door per move. ``request_packet`` decides whether an application needs a new packet
(same inputs: the live packet is reused; changed inputs: a new version, the old one kept).
``render_packet`` is the only code that moves a packet queued -> rendering -> ready | failed;
the Celery task, the "render again" admin action and the management command all call it.
"""

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.queries import partners_of, sections_with_answers
from letters.queries import current_letters

from .enums import PacketStatus
from .models import Packet, packet_file_name, private_storage
from .rendering import TEMPLATE_VERSION, PacketError, read_letter_files, render_packet_pdf

logger = logging.getLogger(__name__)

# Applications whose packet is kept up to date. Drafts have none; a withdrawn application keeps
# the packets it had.
PACKET_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.DECIDED,
)
# Errors worth trying again later: the database or the broker was away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# A message sent to the workers and still not picked up after this long was lost (the broker
# restarted): send it again. A duplicate is harmless (see _claim).
STALE_AFTER = timedelta(minutes=10)
# A packet whose message could not be sent (the broker was down) is sent by the sweep once it
# is this old (the on-commit send gets the first chance).
UNSENT_GRACE = timedelta(seconds=5)
# After this many starts, a packet that keeps stopping its worker is failed, not retried.
MAX_ATTEMPTS = 4


def heartbeat_interval() -> timedelta:
    """A renderer says it is alive this often (``PACKET_HEARTBEAT_SECONDS``)."""
    return timedelta(seconds=settings.PACKET_HEARTBEAT_SECONDS)


def lease() -> timedelta:
    """A renderer silent this long is dead (killed, out of memory, machine restarted) and its
    packet may be claimed again (``PACKET_LEASE_SECONDS``). Beat's sweep runs every
    ``PACKET_SWEEP_SECONDS``: with the defaults a lost render is taken up within a minute."""
    return timedelta(seconds=settings.PACKET_LEASE_SECONDS)


# --- Inputs ------------------------------------------------------------------------------


def packet_inputs(application) -> dict:
    """Everything the packet shows, as plain data: what its footprint is computed from.

    The call's texts (title, sections, questions) are read in the application's language.
    """
    with translation.override(application.language):
        return _packet_inputs(application)


def _packet_inputs(application) -> dict:
    government = application.lead_government
    return {
        "template": TEMPLATE_VERSION,
        "language": application.language,
        "application": {
            "reference": application.reference,
            "call_title": application.call.title,
            "submitted_at": _iso(application.submitted_at),
            "lead_office": application.lead_office,
            "contact_name": application.contact_name,
            "contact_position": application.contact_position,
            "contact_email": application.contact_email,
        },
        "lead_government": {
            "name": government.name,
            "country": str(government.country),
            "government_level": government.government_level,
            "population": government.population,
            "area_km2": None if government.area_km2 is None else str(government.area_km2),
            "term_ends_on": _iso(government.term_ends_on),
            "website": government.website,
        },
        "partners": [
            {
                "name": partner.organisation.name,
                "kind": partner.organisation.kind,
                "country": str(partner.organisation.country),
                "role": partner.role,
                "contact_name": partner.contact_name,
                "contact_email": partner.contact_email,
            }
            for partner in partners_of(application)
        ],
        "sections": [
            {
                "title": section.title,
                "description": section.description,
                "questions": [
                    {"text": question.text, "kind": question.kind, "answer": question.answer}
                    for question in section.active_questions
                ],
            }
            for section in sections_with_answers(application)
        ],
        "letters": [
            {
                "id": letter.pk,
                "kind": letter.kind,
                "government": letter.government.name if letter.government else "",
                "author_organisation": letter.author_organisation,
                "signatory_name": letter.signatory_name,
                "signatory_title": letter.signatory_title,
                "signed_on": _iso(letter.signed_on),
                "language": letter.language,
                "filename": letter.display_filename,
                "content_type": letter.content_type,
                "page_count": letter.page_count,
                "sha256": letter.sha256,
                "signature_status": letter.signature_status,
                "signature_signer": letter.signature_signer,
                "signature_time": _iso(letter.signature_time),
            }
            for letter in current_letters(application)
        ],
    }


def input_hash(inputs: dict) -> str:
    canonical = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _iso(value):
    return value.isoformat() if value is not None else None


# --- Asking for a packet -----------------------------------------------------------------


def request_packet(*, application, requested_by=None, enqueue=True, countdown=0) -> Packet:
    """The packet for the application as it is now: a live one with the same inputs, or a new
    version, queued and sent to the workers once the transaction commits.

    With ``countdown`` (seconds; used after edits), a queued packet no worker has started yet
    takes the new inputs instead of a new version being made: several quick edits render one
    packet, with the inputs of the last edit.
    """
    with transaction.atomic():
        # The lock orders concurrent requests: version numbers stay gap-free and unique.
        application = (
            Application.objects.select_for_update()
            .select_related("call", "lead_government")
            .get(pk=application.pk)
        )
        inputs = packet_inputs(application)
        digest = input_hash(inputs)
        now = timezone.now()
        packet = application.packets.live().filter(input_hash=digest).first()
        if packet is not None:
            Packet.objects.filter(pk=packet.pk).update(requested_at=now)
            packet.requested_at = now
            return packet
        if countdown:
            waiting = (
                application.packets.filter(status=PacketStatus.QUEUED).order_by("-version").first()
            )
            # Only while no worker has claimed it: a claimed packet's inputs are fixed.
            if waiting is not None and Packet.objects.filter(
                pk=waiting.pk, status=PacketStatus.QUEUED
            ).update(inputs=inputs, input_hash=digest, requested_at=now):
                waiting.refresh_from_db()
                if enqueue and waiting.enqueued_at is None:
                    enqueue_on_commit(waiting, countdown=countdown)
                return waiting
        last_version = application.packets.aggregate(last=Max("version"))["last"] or 0
        packet = Packet.objects.create(
            application=application,
            version=last_version + 1,
            status=PacketStatus.QUEUED,
            input_hash=digest,
            inputs=inputs,
            requested_by=requested_by if requested_by and requested_by.is_authenticated else None,
            requested_at=now,
        )
        if enqueue:
            enqueue_on_commit(packet, countdown=countdown)
    return packet


def enqueue_on_commit(packet: Packet, countdown=0):
    """Send the packet to the workers once (and only if) the current transaction commits.

    The Packet row is the outbox: ``enqueued_at`` is stamped only once the broker took the
    message. A broker that is down must not turn a committed submission into an error page
    (``robust``); the packet stays queued, unsent, and requeue_stuck_packets() sends it as
    soon as the broker is back.
    """
    transaction.on_commit(lambda: _send(packet.pk, countdown), robust=True)


def _send(packet_id, countdown=0):
    from .tasks import render_packet_task  # noqa: PLC0415 - tasks import this module

    if countdown:
        render_packet_task.apply_async((packet_id,), countdown=countdown)
    else:
        render_packet_task.delay(packet_id)
    Packet.objects.filter(pk=packet_id).update(enqueued_at=timezone.now())


def refresh_packet(*, application_id) -> Packet | None:
    """After a change to a submitted application (an admin edit, a letter a reviewer asked
    for): request its packet, which renders a new version only if the inputs changed."""
    application = Application.objects.filter(pk=application_id, status__in=PACKET_STATUSES).first()
    if application is None:
        return None
    return request_packet(application=application, countdown=settings.PACKET_DEBOUNCE_SECONDS)


def render_again(*, packet: Packet, user=None) -> Packet:
    """The admin's "render again": resend a packet still waiting, else ask anew.

    A failed packet stays as the record of its failure; asking anew renders a new version
    (with the same inputs if nothing changed, e.g. after a storage problem was fixed).
    """
    if packet.status in (PacketStatus.QUEUED, PacketStatus.RENDERING):
        with transaction.atomic():
            enqueue_on_commit(packet)
        return packet
    return request_packet(application=packet.application, requested_by=user)


# --- Rendering ---------------------------------------------------------------------------


def render_packet(*, packet: Packet) -> Packet:
    """Render a queued packet: queued -> rendering -> ready | failed, in this one function.

    Safe to call twice for the same packet (a redelivered task, the periodic requeue, the
    management command): only a caller that claims the packet renders it, and only the
    claimant's result is recorded. A permanent problem (a damaged letter) fails the packet
    with a readable reason; a transient one puts it back in the queue and is raised, for the
    task to retry.
    """
    started = time.perf_counter()
    claimed_at = _claim(packet)
    if claimed_at is None:
        packet.refresh_from_db()
        return packet
    # Debounced edits may have changed a queued packet's inputs until the claim: read them now.
    packet.refresh_from_db(fields=["inputs", "input_hash"])
    stored_name = None
    heartbeat = Heartbeat(packet.pk, claimed_at)
    heartbeat.start()
    try:
        letter_files = read_letter_files(packet.inputs)
        try:
            rendered = render_packet_pdf(
                packet.inputs,
                version=packet.version,
                input_hash=packet.input_hash,
                letter_files=letter_files,
            )
        finally:
            for letter_file in letter_files:
                letter_file.close()
        stored_name = store_pdf(packet.application_id, rendered.pdf)
        finished = Packet.objects.filter(
            pk=packet.pk, status=PacketStatus.RENDERING, started_at=claimed_at
        ).update(
            status=PacketStatus.READY,
            file=stored_name,
            page_count=rendered.page_count,
            rendered_page_count=rendered.rendered_page_count,
            size=len(rendered.pdf),
            render_seconds=round(time.perf_counter() - started, 3),
            finished_at=timezone.now(),
            error="",
        )
        if not finished:
            # Someone else took the packet over after it looked stale: theirs is the result.
            private_storage().delete(stored_name)
    except TRANSIENT_ERRORS:
        _discard(stored_name)
        _release(packet, claimed_at)
        raise
    except PacketError as error:
        _discard(stored_name)
        mark_failed(packet, reason=error.message, claimed_at=claimed_at, started=started)
    except SoftTimeLimitExceeded:
        _discard(stored_name)
        mark_failed(
            packet,
            reason=_("Rendering took longer than the time limit."),
            claimed_at=claimed_at,
            started=started,
        )
    except Exception as error:  # a bug or a WeasyPrint crash: record it, never leave it rendering
        _discard(stored_name)
        logger.exception("Packet %s could not be rendered", packet.pk)
        mark_failed(
            packet,
            reason=_("Unexpected error: %(error)s") % {"error": f"{type(error).__name__}: {error}"},
            claimed_at=claimed_at,
            started=started,
        )
    finally:
        heartbeat.stop()
    packet.refresh_from_db()
    return packet


class Heartbeat(threading.Thread):
    """Stamps ``heartbeat_at`` every heartbeat_interval() while a render runs, from its own
    connection: a packet whose stamp is older than lease() lost its renderer and may be claimed
    again."""

    def __init__(self, packet_id, claimed_at):
        super().__init__(name=f"packet-{packet_id}-heartbeat", daemon=True)
        self.packet_id, self.claimed_at = packet_id, claimed_at
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(heartbeat_interval().total_seconds()):
                try:
                    Packet.objects.filter(
                        pk=self.packet_id, status=PacketStatus.RENDERING, started_at=self.claimed_at
                    ).update(heartbeat_at=timezone.now())
                except TRANSIENT_ERRORS:
                    logger.warning("Packet %s: heartbeat not recorded", self.packet_id)
        finally:
            connections.close_all()  # this thread's own connection only

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)


def _dead_renderer(now):
    """Rendering, but its renderer has not been heard of for lease()."""
    return Q(status=PacketStatus.RENDERING, last_sign_of_life__lt=now - lease())


def _with_last_sign_of_life(packets):
    return packets.alias(last_sign_of_life=Coalesce("heartbeat_at", "started_at"))


def _claim(packet: Packet):
    """Take the packet if it waits, or if its renderer looks dead; return the claim's time."""
    now = timezone.now()
    claimed = (
        _with_last_sign_of_life(Packet.objects.filter(pk=packet.pk))
        .filter(Q(status=PacketStatus.QUEUED) | _dead_renderer(now))
        .update(
            status=PacketStatus.RENDERING,
            started_at=now,
            heartbeat_at=None,
            finished_at=None,
            attempts=F("attempts") + 1,
            error="",
        )
    )
    return now if claimed else None


def _release(packet: Packet, claimed_at):
    """Back to the queue after a transient error, so that the retry can claim it (best effort:
    if the database is the problem, requeue_stuck_packets() will find the packet)."""
    try:
        Packet.objects.filter(
            pk=packet.pk, status=PacketStatus.RENDERING, started_at=claimed_at
        ).update(status=PacketStatus.QUEUED, enqueued_at=timezone.now())
    except TRANSIENT_ERRORS:
        logger.warning("Packet %s could not be put back in the queue", packet.pk)


def mark_failed(packet: Packet, *, reason: str, claimed_at=None, started=None) -> bool:
    """Record the failure and its reason; a ready packet is never failed afterwards."""
    packets = Packet.objects.filter(pk=packet.pk)
    if claimed_at is not None:
        packets = packets.filter(status=PacketStatus.RENDERING, started_at=claimed_at)
    else:
        packets = packets.exclude(status=PacketStatus.READY)
    changes = {"status": PacketStatus.FAILED, "error": reason, "finished_at": timezone.now()}
    if started is not None:
        changes["render_seconds"] = round(time.perf_counter() - started, 3)
    failed = packets.update(**changes)
    if failed:
        logger.warning("Packet %s failed: %s", packet.pk, reason)
    return bool(failed)


def store_pdf(application_id, pdf: bytes) -> str:
    """Write the PDF under a new random name, atomically: a reader finds the whole file or none.

    On the local file system the bytes go to a temporary file in the same folder, are flushed
    to disk, and the file is renamed into place (os.replace is atomic). Other storages get a
    plain save under the new name, which no record points to until the packet is ready.
    """
    storage = private_storage()
    name = packet_file_name(application_id)
    try:
        path = storage.path(name)
    except NotImplementedError:
        from django.core.files.base import ContentFile

        return storage.save(name, ContentFile(pdf))
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    _remove_abandoned_partials(folder)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pdf)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return name


# A temporary file this old was left by a writer that died between writing and renaming (a
# killed worker); a live write takes seconds.
ABANDONED_PARTIAL_AFTER = timedelta(minutes=10)


def _remove_abandoned_partials(folder):
    cutoff = time.time() - ABANDONED_PARTIAL_AFTER.total_seconds()
    for entry in os.scandir(folder):
        if entry.name.startswith(".partial-") and entry.stat().st_mtime < cutoff:
            with contextlib.suppress(FileNotFoundError):  # another writer removed it first
                os.unlink(entry.path)


def _discard(name):
    if name:
        try:
            private_storage().delete(name)
        except OSError:
            logger.warning("Could not delete the unused packet file %s", name)


# --- Looking after the queue -------------------------------------------------------------


def requeue_stuck_packets(*, older_than=STALE_AFTER, now=None) -> list[Packet]:
    """Send again the packets stuck in the queue or in rendering; fail those that keep dying.

    Run by Celery beat. A message can be lost (the broker restarted, or was down when the
    submission committed) and a worker can die mid-render; the claim in render_packet() makes
    a duplicate message harmless.
    """
    now = now or timezone.now()
    cutoff = now - older_than
    stuck = (
        _with_last_sign_of_life(Packet.objects.all())
        .filter(
            Q(status=PacketStatus.QUEUED, enqueued_at__lt=cutoff)
            | Q(
                status=PacketStatus.QUEUED,
                enqueued_at__isnull=True,
                requested_at__lt=now - UNSENT_GRACE,
            )
            | _dead_renderer(now)
        )
        .select_related("application")
    )
    requeued = []
    for packet in stuck:
        if packet.status == PacketStatus.RENDERING and packet.attempts >= MAX_ATTEMPTS:
            mark_failed(
                packet,
                reason=_(
                    "Rendering stopped %(attempts)s times without finishing (the worker was "
                    "stopped or ran out of time or memory)."
                )
                % {"attempts": packet.attempts},
            )
            continue
        with transaction.atomic():
            enqueue_on_commit(packet)
        requeued.append(packet)
    if requeued:
        logger.info("Requeued %s stuck packets", len(requeued))
    return requeued


def refresh_stale_packets() -> list[Packet]:
    """Request a packet for every application under review whose inputs changed without a
    signal (bulk updates send none). Cheap when nothing changed: the live packet is reused."""
    new = []
    ids = Application.objects.filter(status__in=PACKET_STATUSES).values_list("pk", flat=True)
    for application_id in ids:
        latest_version = (
            Packet.objects.filter(application_id=application_id).aggregate(v=Max("version"))["v"]
            or 0
        )
        packet = refresh_packet(application_id=application_id)
        if packet is not None and packet.version > latest_version:
            new.append(packet)
    return new
