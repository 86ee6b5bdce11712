import io
import os
from datetime import timedelta

import pikepdf
import pypdf
import pytest
from django.core.files.storage import storages
from django.db import OperationalError
from django.utils import timezone

from applications.models import Answer
from letters.enums import LetterStatus
from letters.queries import current_letters
from packets import domain
from packets.enums import PacketStatus
from packets.models import Packet
from packets.tasks import render_packet_task
from tests.packets.helpers import (
    add_letter,
    current_packet,
    letter_pdf,
    normalised,
    packet_text,
    read_packet,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def retries_run_eagerly():
    """Task.apply() runs retries in-process only when eager errors do not propagate."""
    from ogp_portal.celery import app

    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = propagates


def render_current(application) -> Packet:
    return domain.render_packet(packet=current_packet(application))


# --- Asking for a packet ---------------------------------------------------------------------


def test_submission_queues_a_packet_with_the_footprint_of_its_inputs():
    application = submitted_application()

    packet = current_packet(application)

    assert packet.status == PacketStatus.QUEUED
    assert packet.version == 1
    assert packet.requested_by == application.editors.first().user
    assert packet.inputs == domain.packet_inputs(application)
    assert packet.input_hash == domain.input_hash(packet.inputs)
    assert [letter["sha256"] for letter in packet.inputs["letters"]] == [
        letter.sha256 for letter in current_letters(application)
    ]


def test_the_task_is_sent_only_after_the_submission_commits(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(render_packet_task, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = submitted_application()

    packet = current_packet(application)
    assert packet.enqueued_at is None  # stamped once the broker has the message
    assert sent == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert sent == [packet.pk]
    packet.refresh_from_db()
    assert packet.enqueued_at is not None


def test_the_same_inputs_reuse_the_ready_packet():
    application = submitted_application()
    first = render_current(application)
    assert first.status == PacketStatus.READY

    again = domain.request_packet(application=application)

    assert again.pk == first.pk
    assert application.packets.count() == 1


def test_changed_inputs_render_a_new_version_and_keep_the_old_one():
    application = submitted_application()
    first = render_current(application)

    # An admin corrects an answer after submission.
    answer = Answer.objects.filter(application=application).order_by("id").first()
    answer.value = "Corrected by the OGP Support Unit: 42 neighbourhood councils."
    answer.save()
    second = domain.request_packet(application=application)
    second = domain.render_packet(packet=second)

    # A reviewer asks for one more letter.
    add_letter(application, author="Red Vecinal Norte", data=letter_pdf("Apoyamos."))
    third = domain.render_packet(packet=domain.request_packet(application=application))

    assert [p.version for p in application.packets.order_by("version")] == [1, 2, 3]
    assert {p.status for p in application.packets.all()} == {PacketStatus.READY}
    assert len({first.input_hash, second.input_hash, third.input_hash}) == 3
    assert storages["private"].exists(first.file.name)
    assert "42 neighbourhood councils" in normalised(packet_text(read_packet(second)))
    assert "42 neighbourhood councils" not in normalised(packet_text(read_packet(first)))
    assert third.page_count == second.page_count + 1


# --- Failures ------------------------------------------------------------------------------


def corrupt_file(letter):
    with open(letter.file.path, "r+b") as file:
        file.seek(0)
        file.write(b"%PDF-1.7\nthis is not a PDF any more" + b"\0" * 64)
        file.truncate()


def test_a_damaged_letter_fails_the_packet_with_a_reason_and_a_replacement_fixes_it():
    application = submitted_application()
    damaged = current_letters(application)[-1]
    corrupt_file(damaged)

    result = render_packet_task.apply(args=[current_packet(application).pk])

    packet = current_packet(application)
    assert result.successful()  # a permanent problem is recorded, not retried
    assert packet.status == PacketStatus.FAILED
    assert packet.attempts == 1
    assert not packet.file
    assert "no longer matches the SHA-256" in packet.error
    assert damaged.author_organisation in packet.error
    assert damaged.original_filename in packet.error

    # The letter is replaced (a reviewer asked the organisation to send it again).
    damaged.status = LetterStatus.REPLACED
    damaged.save(update_fields=["status"])
    replacement = add_letter(
        application,
        author=damaged.author_organisation,
        kind=damaged.kind,
        government=damaged.government,
        data=letter_pdf(f"{damaged.author_organisation} envía de nuevo su carta."),
        replaces=damaged,
    )
    fixed = domain.render_packet(packet=domain.request_packet(application=application))

    assert fixed.status == PacketStatus.READY
    assert fixed.version == 2
    assert replacement.sha256 in [letter["sha256"] for letter in fixed.inputs["letters"]]
    assert "envía de nuevo su carta" in packet_text(read_packet(fixed))
    packet.refresh_from_db()
    assert packet.status == PacketStatus.FAILED  # the failure stays on record


def test_a_file_that_is_not_a_pdf_fails_with_a_readable_reason():
    application = submitted_application()
    add_letter(application, author="Junta Vecinal Sur", data=b"%PDF-1.4\n garbage", pages=1)

    packet = domain.render_packet(packet=domain.request_packet(application=application))

    assert packet.status == PacketStatus.FAILED
    assert packet.error.startswith("Letter ")
    assert "Junta Vecinal Sur" in packet.error
    assert "is not a readable PDF" in packet.error


def test_a_missing_letter_file_fails_with_a_readable_reason():
    application = submitted_application()
    letter = current_letters(application)[0]
    storages["private"].delete(letter.file.name)

    packet = render_current(application)

    assert packet.status == PacketStatus.FAILED
    assert "is missing from the storage" in packet.error


@pytest.mark.usefixtures("retries_run_eagerly")
def test_a_transient_error_is_retried_and_the_packet_renders(monkeypatch):
    application = submitted_application()
    calls = []
    real = domain.read_letter_files

    def flaky(inputs):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(inputs)

    monkeypatch.setattr(domain, "read_letter_files", flaky)

    result = render_packet_task.apply(args=[current_packet(application).pk])

    packet = current_packet(application)
    assert result.successful()
    assert packet.status == PacketStatus.READY
    assert packet.attempts == 3
    assert len(calls) == 3


@pytest.mark.usefixtures("retries_run_eagerly")
def test_a_transient_error_that_persists_ends_failed_with_its_reason(monkeypatch):
    application = submitted_application()

    def down(inputs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(domain, "read_letter_files", down)

    result = render_packet_task.apply(args=[current_packet(application).pk])

    packet = current_packet(application)
    assert result.failed()
    assert packet.status == PacketStatus.FAILED
    assert packet.attempts == render_packet_task.max_retries + 1
    assert packet.error == (
        "Gave up after 5 retries: OperationalError: could not connect to server"
    )


def test_an_unexpected_error_is_recorded_and_not_left_rendering(monkeypatch):
    application = submitted_application()

    def broken(*args, **kwargs):
        raise RuntimeError("layout engine crashed")

    monkeypatch.setattr(domain, "render_packet_pdf", broken)

    packet = render_current(application)

    assert packet.status == PacketStatus.FAILED
    assert packet.error == "Unexpected error: RuntimeError: layout engine crashed"


# --- Claims, the queue, the file ----------------------------------------------------------


def test_a_packet_is_rendered_once_even_if_its_task_runs_twice():
    application = submitted_application()
    packet = render_current(application)
    name = packet.file.name

    again = domain.render_packet(packet=packet)

    assert again.status == PacketStatus.READY
    assert again.file.name == name
    assert again.attempts == 1


def test_a_packet_being_rendered_elsewhere_is_left_alone():
    application = submitted_application()
    packet = current_packet(application)
    Packet.objects.filter(pk=packet.pk).update(
        status=PacketStatus.RENDERING, started_at=timezone.now(), attempts=1
    )

    result = domain.render_packet(packet=packet)

    assert result.status == PacketStatus.RENDERING
    assert result.attempts == 1


def test_stuck_packets_are_sent_again_and_those_that_keep_dying_fail(
    django_capture_on_commit_callbacks,
):
    long_ago = timezone.now() - timedelta(hours=1)
    waiting = current_packet(submitted_application())
    Packet.objects.filter(pk=waiting.pk).update(enqueued_at=long_ago)
    dead = current_packet(submitted_application())
    Packet.objects.filter(pk=dead.pk).update(
        status=PacketStatus.RENDERING, started_at=long_ago, attempts=1
    )
    hopeless = current_packet(submitted_application())
    Packet.objects.filter(pk=hopeless.pk).update(
        status=PacketStatus.RENDERING, started_at=long_ago, attempts=domain.MAX_ATTEMPTS
    )
    fresh = current_packet(submitted_application())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requeued = domain.requeue_stuck_packets()

    assert {packet.pk for packet in requeued} == {waiting.pk, dead.pk}
    assert len(callbacks) == 2
    hopeless.refresh_from_db()
    assert hopeless.status == PacketStatus.FAILED
    assert "stopped 4 times" in hopeless.error
    # The dead renderer's packet can be claimed again; a fresh one was not touched.
    assert domain.render_packet(packet=dead).status == PacketStatus.READY
    fresh.refresh_from_db()
    assert fresh.status == PacketStatus.QUEUED


def test_the_file_is_written_whole_or_not_at_all(monkeypatch):
    application = submitted_application()
    packet = render_current(application)
    folder = os.path.dirname(packet.file.path)
    assert [name for name in os.listdir(folder) if name.startswith(".partial-")] == []
    with packet.file.open("rb") as file:
        assert file.read().rstrip().endswith(b"%%EOF")

    # A crash between writing and renaming leaves no half file behind, and no record of one.
    add_letter(application, author="Colectivo Datos", data=letter_pdf("Apoyo."))

    def crash(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    failed = domain.render_packet(packet=domain.request_packet(application=application))

    assert failed.status == PacketStatus.FAILED
    assert not failed.file
    assert "No space left on device" in failed.error
    assert sorted(os.listdir(folder)) == [os.path.basename(packet.file.name)]


def test_a_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write():
    application = submitted_application()
    folder = os.path.dirname(render_current(application).file.path)
    abandoned = os.path.join(folder, ".partial-killed.pdf")
    in_progress = os.path.join(folder, ".partial-writing.pdf")
    for path in (abandoned, in_progress):
        with open(path, "wb") as file:
            file.write(b"%PDF-1.7 half")
    hour_ago = timezone.now().timestamp() - 3600
    os.utime(abandoned, (hour_ago, hour_ago))

    domain.store_pdf(application.pk, b"%PDF-1.7 whole %%EOF")

    partials = [name for name in os.listdir(folder) if name.startswith(".partial-")]
    assert partials == [".partial-writing.pdf"]  # another writer's, seconds old: kept


# --- Language and contents ---------------------------------------------------------------


def test_the_packet_speaks_the_applicants_language():
    application = submitted_application(language="es")

    packet = render_current(application)

    text = normalised(packet_text(read_packet(packet)))
    assert "Expediente de postulación a OGP Local · versión 1" in text
    assert "Índice de cartas" in text
    assert f"Página 2 de {packet.page_count}" in text
    assert "Carta de intención del gobierno" in text


def test_cover_shows_the_submission_time_with_its_time_zone_and_the_footprint():
    application = submitted_application()

    packet = render_current(application)

    cover = normalised(read_packet(packet).pages[0].extract_text())
    assert application.reference in cover
    assert application.lead_government.name in cover
    assert application.call.title.upper() in cover.upper()
    assert "UTC" in cover
    for partner in application.partners.select_related("organisation"):
        assert partner.organisation.name in cover
    assert " ".join(packet.input_hash[i : i + 16] for i in range(0, 64, 16)) in cover
    assert f"Pages in this packet: {packet.page_count}" in cover


def test_the_periodic_tasks_requeue_and_refresh(django_capture_on_commit_callbacks):
    from packets.tasks import refresh_stale_packets_task, requeue_stuck_packets_task

    application = submitted_application()
    packet = render_current(application)
    # A change that sends no signal (a bulk update) is found by the periodic refresh.
    Answer.objects.filter(application=application).update(value="Rewritten in bulk.")
    stuck = current_packet(submitted_application())
    Packet.objects.filter(pk=stuck.pk).update(enqueued_at=timezone.now() - timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=False):
        refreshed = refresh_stale_packets_task.apply().get()
        requeued = requeue_stuck_packets_task.apply().get()

    assert refreshed == 1
    assert requeued == 1
    newest = current_packet(application)
    assert newest.version == packet.version + 1
    assert newest.status == PacketStatus.QUEUED


def test_a_packet_without_letters_or_partners_still_renders():
    from packets.rendering import render_packet_pdf

    inputs = domain.packet_inputs(submitted_application()) | {"letters": [], "partners": []}

    rendered = render_packet_pdf(inputs, version=1, input_hash="0" * 64, letter_files=[])

    assert rendered.page_count == rendered.rendered_page_count
    text = normalised(packet_text(pypdf.PdfReader(io.BytesIO(rendered.pdf))))
    assert "No letters." in text
    assert "No consortium partners." in text
    assert f"Pages in this packet: {rendered.page_count}" in text


def test_the_packet_is_a_tagged_pdf_in_the_applicants_language():
    application = submitted_application(language="es")
    packet = render_current(application)

    with packet.file.open("rb") as stored:
        document = pikepdf.open(io.BytesIO(stored.read()))
    root = document.Root
    assert "/StructTreeRoot" in root  # PDF/UA: a structure tree screen readers follow
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == "es"
