"""The real path: submission -> commit -> Redis -> Celery worker -> WeasyPrint + merge -> ready."""

import io

import pypdf

from applications import domain as application_domain
from applications.queries import sections_with_answers
from letters.queries import current_letters
from packets.enums import PacketStatus
from tests.factories import ApplicationFactory, complete_application
from tests.packets.helpers import (
    add_letter,
    letter_pdf,
    normalised,
    outline_titles,
    packet_text,
    read_packet,
    wait_for_packet,
)


def letter_pages_text(letter):
    with letter.file.open("rb") as file:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(file.read())).pages]


def test_a_submitted_application_gets_its_packet_from_the_worker(celery_worker):
    application = complete_application(ApplicationFactory())
    # One more letter, of three pages, each page with text of its own.
    add_letter(
        application,
        author="Fundación Ciudadanía Activa",
        data=letter_pdf(
            "Ciudadanía Activa respalda la postulación, primera hoja.",
            "Segunda hoja: compromisos de seguimiento.",
            "Tercera hoja: firma de la directora.",
        ),
    )
    application_domain.submit_application(
        application=application, user=application.editors.first().user
    )

    packet = wait_for_packet(application)

    assert packet.status == PacketStatus.READY, packet.error
    assert packet.version == 1
    assert packet.attempts == 1
    reader = read_packet(packet)
    text = normalised(packet_text(reader))
    letters = current_letters(application)
    assert len(letters) >= 3
    assert application.reference in text
    for section in sections_with_answers(application):
        assert normalised(section.title) in text
    for letter in letters:
        assert normalised(letter.author_organisation) in text
    assert "Ciudadanía Activa respalda la postulación, primera hoja." in text
    # Pages: the packet's own pages plus every page of every letter, and the PDF agrees.
    assert len(reader.pages) == packet.page_count
    assert packet.page_count == packet.rendered_page_count + sum(
        letter.page_count for letter in letters
    )
    assert packet.size == packet.file.size
    # The outline: every letter has an entry, and it opens the page with the letter on it.
    entries = outline_titles(reader)
    letter_entries = [entry for entry in entries if entry[0] == 2]
    assert len(letter_entries) == len(letters)
    for letter, (_level, title, first_page) in zip(letters, letter_entries, strict=True):
        assert letter.author_organisation in title
        # From there on, page after page, the letter's own text.
        for offset, own_page in enumerate(letter_pages_text(letter)):
            merged = normalised(reader.pages[first_page + offset].extract_text())
            assert normalised(own_page) in merged, (letter, offset)
