"""Rendering a packet: inputs and letter files in, one PDF out. No database writes here.

``render_packet_pdf`` is what the task, the management command and the benchmark run:
HTML from the inputs (document.py), laid out by WeasyPrint behind the packet's URL fetcher,
then the letters merged into the pages reserved for them (pdf.py).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..fetcher import PacketURLFetcher
from .document import TEMPLATE_VERSION, packet_html
from .errors import PacketError
from .letters import LetterFile, LetterUnusable, open_letter, read_letter_files
from .pdf import ResourceNotAllowed, layout, merge_letters, reserved_pages

__all__ = [
    "TEMPLATE_VERSION",
    "LetterFile",
    "LetterUnusable",
    "PacketError",
    "RenderedPacket",
    "ResourceNotAllowed",
    "open_letter",
    "packet_html",
    "read_letter_files",
    "render_packet_pdf",
]


@dataclass
class RenderedPacket:
    pdf: bytes
    page_count: int
    rendered_page_count: int  # pages of the packet's own content: all but the letters' pages
    fetched: list[str] = field(default_factory=list)


PDF_VARIANT = "pdf/ua-1"


def render_packet_pdf(
    inputs: dict, *, version: int, input_hash: str, letter_files
) -> RenderedPacket:
    html = packet_html(inputs, version=version, input_hash=input_hash, letter_files=letter_files)
    fetcher = PacketURLFetcher(
        letters={
            letter_file.info["id"]: (letter_file.data, letter_file.info["content_type"])
            for letter_file in letter_files
            if letter_file.is_scan
        }
    )
    document = layout(html, fetcher)
    reserved = reserved_pages(document)
    letter_pages = sum(letter_file.page_count for letter_file in letter_files)
    if len(reserved) != letter_pages:
        raise PacketError(
            _("The layout kept %(kept)s pages for letters that have %(pages)s pages.")
            % {"kept": len(reserved), "pages": letter_pages}
        )
    # PDF/UA: a tagged PDF with a structure tree, so screen readers can read the packet.
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    if letter_files:
        pdf = merge_letters(pdf, letter_files, reserved)
    page_count = len(document.pages)
    return RenderedPacket(
        pdf=pdf,
        page_count=page_count,
        rendered_page_count=page_count - letter_pages,
        fetched=fetcher.served,
    )
