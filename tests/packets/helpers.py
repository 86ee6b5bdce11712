"""Builders for the packets tests: submitted applications, letters, and reading packets back."""

import hashlib
import html
import io
import time

import pypdf
import weasyprint
from django.core.files.base import ContentFile
from django.utils import timezone

from applications import domain as application_domain
from letters.enums import LetterKind
from letters.models import Letter
from packets.models import Packet
from tests.factories import ApplicationFactory, complete_application


def letter_pdf(*pages: str) -> bytes:
    """A PDF with one page per text, made by WeasyPrint as a sender's software would."""
    body = "".join(
        f'<section style="break-before: page"><p>{html.escape(text)}</p></section>'
        for text in pages
    )
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def add_letter(application, *, author, data, content_type="application/pdf", pages=None, **fields):
    """A current letter stored as the letters room stores it (private storage, random name)."""
    letter = Letter(
        application=application,
        kind=fields.pop("kind", LetterKind.CIVIL_SOCIETY),
        author_organisation=author,
        signatory_name=fields.pop("signatory_name", "Tomás González"),
        signatory_title=fields.pop("signatory_title", "Presidente"),
        signed_on=fields.pop("signed_on", timezone.localdate()),
        original_filename=fields.pop("original_filename", "carta.pdf"),
        content_type=content_type,
        size=len(data),
        page_count=pages
        or (
            len(pypdf.PdfReader(io.BytesIO(data)).pages) if content_type == "application/pdf" else 1
        ),
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )
    letter.file.save("letter", ContentFile(data), save=False)
    letter.save()
    return letter


def submitted_application(language="en", **factory_fields):
    """A complete application (with the letters the checklist asks for), submitted."""
    application = complete_application(ApplicationFactory(**factory_fields))
    if application.language != language:
        type(application).objects.filter(pk=application.pk).update(language=language)
    return application_domain.submit_application(
        application=application, user=application.editors.first().user
    )


def current_packet(application) -> Packet:
    return application.packets.order_by("-requested_at", "-version").first()


def wait_for_packet(application, timeout=90) -> Packet:
    """The application's current packet once a worker has finished with it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        packet = current_packet(application)
        if packet is not None and packet.status in ("ready", "failed"):
            return packet
        time.sleep(0.1)
    raise AssertionError(f"no finished packet after {timeout} s: {current_packet(application)}")


def read_packet(packet) -> pypdf.PdfReader:
    with packet.file.open("rb") as file:
        return pypdf.PdfReader(io.BytesIO(file.read()))


def packet_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def normalised(text: str) -> str:
    """Text with runs of white space made one space: PDF text breaks lines where it likes."""
    return " ".join(text.split())


def outline_titles(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) for every outline entry, depth first."""
    entries = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return entries
