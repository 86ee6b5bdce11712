"""WeasyPrint lays the packet out; pikepdf puts each letter's pages on the pages kept for them.

The HTML reserves one page per letter page (an element with the id ``lp-<letter>-<page>``),
so WeasyPrint itself numbers every page of the packet: the contents, the index's page ranges
and "page X of Y" count the letters too. The merge then places each page of a PDF letter,
unchanged and scaled to fit, into the frame of its reserved page (a Form XObject: the letter's
text stays text). Scans are laid out by WeasyPrint as images on their page.
"""

import io

import pikepdf
import weasyprint
from django.utils.translation import gettext as _
from weasyprint.urls import FatalURLFetchingError

from .document import LETTER_FRAME, LETTER_PAGE_ANCHOR
from .errors import PacketError

BORDER = b"0.70 0.74 0.82 RG 0.6 w"  # a light grey-blue hairline around each placed letter page


class ResourceNotAllowed(PacketError):
    """The HTML asked for a URL the packet's fetcher refuses; nothing was fetched."""


def layout(html: str, fetcher) -> weasyprint.Document:
    try:
        return weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    except FatalURLFetchingError:
        refused = fetcher.refused[-1] if fetcher.refused else "?"
        raise ResourceNotAllowed(
            _("The packet asked to load %(url)s, which packets may not load. Nothing was fetched.")
            % {"url": refused[:200]}
        ) from None


def reserved_pages(document: weasyprint.Document) -> dict[int, tuple[int, int]]:
    """Page index in the packet -> (letter number, page of the letter), from the anchors."""
    reserved = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            match = LETTER_PAGE_ANCHOR.match(anchor)
            if match:
                reserved[index] = (int(match[1]), int(match[2]))
    return reserved


def merge_letters(pdf: bytes, letter_files, reserved: dict[int, tuple[int, int]]) -> bytes:
    """Place every letter page on its reserved packet page; return the whole packet."""
    letters = {letter_file.number: letter_file for letter_file in letter_files}
    with pikepdf.open(io.BytesIO(pdf)) as packet:
        for letter_file in letters.values():
            if letter_file.pdf is not None:
                # Annotations (a visible signature, a stamp) are not part of a page's content:
                # draw the printable ones into it, or they would be lost in the merge.
                letter_file.pdf.flatten_annotations("print")
        for index, (number, page_number) in sorted(reserved.items()):
            letter_file = letters[number]
            target = packet.pages[index]
            if letter_file.pdf is not None:
                source = letter_file.pdf.pages[page_number - 1]
                box = fitted_box(*visible_size(source))
                target.add_overlay(source, pikepdf.Rectangle(*box))
            else:
                box = fitted_box(*letter_file.image_size)
            left, bottom, right, top = box
            target.contents_add(
                b"q %s %.2f %.2f %.2f %.2f re S Q\n"
                % (BORDER, left, bottom, right - left, top - bottom),
                prepend=False,
            )
        output = io.BytesIO()
        packet.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def visible_size(page: pikepdf.Page) -> tuple[float, float]:
    """The page's width and height as a reader sees them: its trim box, turned by /Rotate."""
    box = pikepdf.Rectangle(page.trimbox)
    width, height = abs(box.width), abs(box.height)
    if page.obj.get("/Rotate", 0) % 180 == 90:
        return height, width
    return width, height


def fitted_box(width: float, height: float) -> tuple[float, float, float, float]:
    """The frame's largest box with the page's proportions, centred, at the top of the frame.

    Scans use the same box: the stylesheet fits their image to the top centre of the frame.
    """
    frame = LETTER_FRAME
    if width <= 0 or height <= 0:
        width, height = frame.width, frame.height
    scale = min(frame.width / width, frame.height / height)
    placed_width, placed_height = width * scale, height * scale
    left = frame.left + (frame.width - placed_width) / 2
    top = frame.bottom + frame.height
    return left, top - placed_height, left + placed_width, top
