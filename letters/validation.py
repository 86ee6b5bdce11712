"""Judging an uploaded letter by its content: what it is, whether we accept it, what it says.

Uploads are untrusted. The file's name and declared type are never consulted: the bytes
decide. We accept a PDF, or a scan as JPEG or PNG, within the size, page and pixel limits of
the settings. A refusal is a LetterRefused whose message tells the sender why, and what to
send instead. This module knows no models; letters/domain.py stores what it learns.
"""

import hashlib
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import pikepdf
import pypdf
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from .enums import SignatureStatus

# A PDF reachable from its trailer through more objects than this is not a letter; walking
# it would only cost time.
MAX_PDF_OBJECTS = 200_000
# Extracted text is for search and reviewers' checks; a letter has far less.
MAX_TEXT_CHARS = 500_000
# Readers expect %%EOF within the last 1024 bytes (ISO 32000-1, implementation note 18).
EOF_WINDOW = 1024


class LetterRefused(Exception):
    """An upload we do not accept. ``message`` is for the sender; ``code`` is for code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SignatureInfo:
    """One digital signature in a PDF (read by letters/signatures.py).

    ``intact``: the signed bytes are unchanged and the signature over them holds. The signer's
    certificate is never checked, so this is not "valid". ``covers_whole_document``: nothing
    was added after signing except further signatures or filled-in form fields. A signature
    that could not be read at all has ``unreadable_reason`` set and nothing else.
    """

    signer: str
    signed_at: datetime | None
    intact: bool
    covers_whole_document: bool
    unreadable_reason: str = ""

    @classmethod
    def unreadable(cls, reason: str) -> "SignatureInfo":
        return cls(
            signer="",
            signed_at=None,
            intact=False,
            covers_whole_document=False,
            unreadable_reason=reason or "unreadable",
        )

    @property
    def readable(self) -> bool:
        return not self.unreadable_reason

    @property
    def matches_document(self) -> bool:
        """What the signer signed is what we have."""
        return self.readable and self.intact and self.covers_whole_document


@dataclass(frozen=True)
class InspectedLetter:
    content_type: str
    format_label: str
    size: int
    page_count: int
    sha256: str
    text: str
    signatures: tuple[SignatureInfo, ...] = ()
    # Encrypted with an owner password only: it opens without a password, but its author
    # asked readers not to edit it (common for signed government letters).
    edit_protected: bool = False

    @property
    def signature_status(self) -> SignatureStatus:
        """NONE without signatures; BROKEN if a readable one does not match the document (its
        bytes changed, or content was added after signing); else UNREADABLE if one could not
        be read; else INTACT."""
        if not self.signatures:
            return SignatureStatus.NONE
        readable = [signature for signature in self.signatures if signature.readable]
        if any(not signature.matches_document for signature in readable):
            return SignatureStatus.BROKEN
        if len(readable) < len(self.signatures):
            return SignatureStatus.UNREADABLE
        return SignatureStatus.INTACT


class LetterFormat(NamedTuple):
    magic: bytes
    content_type: str
    label: str


PDF = LetterFormat(b"%PDF-", "application/pdf", "PDF")
JPEG = LetterFormat(b"\xff\xd8\xff", "image/jpeg", "JPEG")
PNG = LetterFormat(b"\x89PNG\r\n\x1a\n", "image/png", "PNG")
ACCEPTED_FORMATS = (PDF, JPEG, PNG)


class Contents(NamedTuple):
    page_count: int
    text: str
    signatures: tuple[SignatureInfo, ...]
    edit_protected: bool = False


def inspect_letter(
    data: bytes,
    *,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    max_pixels: int | None = None,
) -> InspectedLetter:
    """Judge ``data`` as a letter; raise LetterRefused if we do not accept it.

    Limits default to settings.LETTER_MAX_BYTES, LETTER_MAX_PAGES and LETTER_MAX_PIXELS.
    """
    check_size(data, settings.LETTER_MAX_BYTES if max_bytes is None else max_bytes)
    letter_format = sniff_format(data)
    if letter_format is PDF:
        contents = read_pdf(data, settings.LETTER_MAX_PAGES if max_pages is None else max_pages)
    else:
        contents = read_image(
            data, letter_format, settings.LETTER_MAX_PIXELS if max_pixels is None else max_pixels
        )
    return InspectedLetter(
        content_type=letter_format.content_type,
        format_label=letter_format.label,
        size=len(data),
        page_count=contents.page_count,
        sha256=hashlib.sha256(data).hexdigest(),
        text=contents.text,
        signatures=contents.signatures,
        edit_protected=contents.edit_protected,
    )


# --- Size and format ---------------------------------------------------------------------


def check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise LetterRefused(
            "empty",
            _(
                "The file is empty. Please choose the letter again and upload it as a PDF, "
                "or a scan of it as JPEG or PNG."
            ),
        )
    if len(data) > max_bytes:
        raise LetterRefused(
            "too_large",
            _(
                "The file is %(size)s; the limit is %(limit)s. Please send a smaller file: "
                "export the PDF with a lower image quality, or scan the letter at 150 to 300 dpi."
            )
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)},
        )


def sniff_format(data: bytes) -> LetterFormat:
    for letter_format in ACCEPTED_FORMATS:
        if data.startswith(letter_format.magic):
            return letter_format
    raise LetterRefused("not_a_letter_format", _format_hint(data))


def _format_hint(data: bytes) -> str:
    """Why the file is not accepted, said in terms of what the sender probably has."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        return _(
            "This file is a document such as Word or a compressed archive, not a PDF. "
            "Please open the letter and save or export it as PDF, then upload the PDF."
        )
    if data[4:8] == b"ftyp":
        return _(
            "This file is a photo or video format we cannot read (such as HEIC). "
            "Please send the scan as JPEG or PNG, or the letter as a PDF."
        )
    return _(
        "This file is not a PDF, JPEG or PNG, whatever its name says. Please send the letter "
        "as a PDF, or a scan or photo of it as JPEG or PNG."
    )


# --- PDF ---------------------------------------------------------------------------------


def read_pdf(data: bytes, max_pages: int) -> Contents:
    check_pdf_ends(data)
    with open_pdf(data) as document:
        edit_protected = document.is_encrypted
        page_count = count_pages(document)
        check_page_count(page_count, max_pages)
        check_pages_readable(document)
        check_no_active_content(document)
    # The signatures module builds the SignatureInfo defined here, so it is imported late.
    from .signatures import read_signatures  # noqa: PLC0415 - see above

    return Contents(page_count, pdf_text(data), read_signatures(data), edit_protected)


def check_pdf_ends(data: bytes) -> None:
    """A PDF ends with %%EOF; without it, the file was cut off (its cross-reference table and
    trailer, which say where everything is, come last)."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise _truncated_pdf()


def _truncated_pdf() -> LetterRefused:
    return LetterRefused(
        "truncated",
        _(
            "This PDF is incomplete: it seems to have been cut off, for example by an "
            "interrupted download. Please download or save the letter again and upload the "
            "complete file."
        ),
    )


def _unparsable(label: str) -> LetterRefused:
    return LetterRefused(
        "unparsable",
        _(
            "This file could not be read as a %(format)s; it may be damaged. Please save or "
            "export the letter again as a PDF, or send a scan of it as JPEG or PNG."
        )
        % {"format": label},
    )


def open_pdf(data: bytes) -> pikepdf.Pdf:
    """Open the PDF with no password. One protected only against editing (an owner password
    and an empty user password) opens, and is accepted; one that needs a password to open
    cannot be read, so it is refused."""
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise _encrypted() from None
    except Exception:  # qpdf gave up on these bytes, whatever the reason
        raise _unparsable("PDF") from None


def _encrypted() -> LetterRefused:
    return LetterRefused(
        "encrypted",
        _(
            "This PDF needs a password to open, so it cannot be checked or included in the "
            "application. Please send a copy that opens without a password (remove the "
            "password, or use “Print to PDF”), or a scan of the signed letter."
        ),
    )


def count_pages(document: pikepdf.Pdf) -> int:
    try:
        count = len(document.pages)
    except Exception:  # a page tree qpdf cannot walk
        raise _damaged(document) from None
    if count == 0:
        raise _unparsable("PDF")
    return count


def check_pages_readable(document: pikepdf.Pdf) -> None:
    try:
        for page in document.pages:
            page.mediabox  # noqa: B018 - reading it proves the page object is there
    except Exception:  # a page qpdf cannot read
        raise _damaged(document) from None


def _damaged(document: pikepdf.Pdf) -> LetterRefused:
    """If qpdf had to repair the file to open it (it warns when it does), the page tree that is
    still missing was cut off; otherwise the file is merely broken."""
    return _truncated_pdf() if document.get_warnings() else _unparsable("PDF")


def check_page_count(page_count: int, max_pages: int) -> None:
    if page_count > max_pages:
        raise LetterRefused(
            "too_many_pages",
            _(
                "This PDF has %(count)d pages; a letter may have at most %(limit)d. Please "
                "send the letter alone, without annexes."
            )
            % {"count": page_count, "limit": max_pages},
        )


# What each kind of active content is called in the refusal message.
ACTIVE_ACTIONS = {
    "/JavaScript": "script",
    "/Launch": "launch",
    "/SubmitForm": "submit",
    "/ImportData": "import",
    "/GoToR": "other_file",
    "/GoToE": "other_file",
    "/RichMediaExecute": "multimedia",
}
ACTIVE_KEYS = {
    "/JS": "script",
    "/JavaScript": "script",
    "/EmbeddedFiles": "attachment",
    "/EF": "attachment",
    "/XFA": "xfa_form",
    "/RichMediaContent": "multimedia",
}
ACTIVE_SUBTYPES = {"/RichMedia": "multimedia", "/FileAttachment": "attachment"}
# Triggers that fire without a click may only move within the document.
AUTOMATIC_TRIGGERS = ("/OpenAction", "/AA")


def check_no_active_content(document: pikepdf.Pdf) -> None:
    """Walk the object graph for active content. An automatic trigger is reported only if
    nothing more telling (a script, a launch) turns up, so the message names the real thing."""
    automatic = False
    for dictionary in reachable_dictionaries(document):
        kind = active_content_kind(dictionary)
        if kind == "automatic":
            automatic = True
        elif kind:
            raise _active_content(kind)
    if automatic:
        raise _active_content("automatic")


def _active_content(kind: str) -> LetterRefused:
    return LetterRefused(
        "active_content",
        _(
            "This PDF contains %(what)s, which we do not accept for safety. Please send a plain "
            "PDF (for example with “Print to PDF” or “Save as PDF”), or a "
            "scan of the letter."
        )
        % {"what": _active_content_names()[kind]},
    )


def _active_content_names() -> dict[str, str]:
    return {
        "script": _("scripts (JavaScript)"),
        "launch": _("an action that starts a program"),
        "submit": _("a form that sends data elsewhere"),
        "import": _("a form that imports data"),
        "other_file": _("links that open other files"),
        "multimedia": _("embedded multimedia"),
        "attachment": _("attached files"),
        "xfa_form": _("a dynamic (XFA) form"),
        "automatic": _("actions that run when the document is opened or viewed"),
    }


def active_content_kind(dictionary: pikepdf.Object) -> str | None:
    """The kind of active content this one dictionary holds, if any."""
    for key, kind in ACTIVE_KEYS.items():
        if key in dictionary:
            return kind
    action = dictionary.get("/S")
    if isinstance(action, pikepdf.Name) and str(action) in ACTIVE_ACTIONS:
        return ACTIVE_ACTIONS[str(action)]
    subtype = dictionary.get("/Subtype")
    if isinstance(subtype, pikepdf.Name) and str(subtype) in ACTIVE_SUBTYPES:
        return ACTIVE_SUBTYPES[str(subtype)]
    if any(_runs_on_its_own(dictionary.get(key)) for key in AUTOMATIC_TRIGGERS):
        return "automatic"
    return None


def _runs_on_its_own(trigger) -> bool:
    """An /OpenAction or /AA that does more than go to a place in the document.

    /OpenAction is a destination (an array, harmless) or an action; /AA maps events to
    actions.
    """
    if trigger is None or isinstance(trigger, pikepdf.Array):
        return False
    if not isinstance(trigger, pikepdf.Dictionary):
        return True
    if "/S" in trigger:
        return trigger.get("/S") != "/GoTo"
    return any(
        not isinstance(action, pikepdf.Dictionary) or action.get("/S") != "/GoTo"
        for action in trigger.values()
    )


def reachable_dictionaries(document: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every dictionary (and stream dictionary) reachable from the trailer, each once."""
    containers = (pikepdf.ObjectType.dictionary, pikepdf.ObjectType.stream)
    stack = [document.trailer]
    seen = set()
    while stack:
        item = stack.pop()
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
            if len(seen) > MAX_PDF_OBJECTS:
                raise _too_complex()
        if item._type_code in containers:
            yield item
            stack.extend(_containers_in(item.values()))
        elif item._type_code == pikepdf.ObjectType.array:
            stack.extend(_containers_in(item))


def _containers_in(items) -> list[pikepdf.Object]:
    kinds = (pikepdf.ObjectType.dictionary, pikepdf.ObjectType.stream, pikepdf.ObjectType.array)
    # Numbers, booleans and null arrive as Python values; only containers lead further.
    return [item for item in items if isinstance(item, pikepdf.Object) and item._type_code in kinds]


def _too_complex() -> LetterRefused:
    return LetterRefused(
        "too_complex",
        _(
            "This PDF is too complex to check (it holds more than %(count)d objects). Please "
            "send a simpler PDF, for example with “Print to PDF”, or a scan."
        )
        % {"count": MAX_PDF_OBJECTS},
    )


def pdf_text(data: bytes) -> str:
    """The text of each page, tidied, pages separated by form feeds. A scan has little."""
    try:
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        text = "\f".join(tidy_text(_page_text(page)) for page in pages)
    except Exception:  # qpdf accepted the file; pypdf failing only costs us the text
        return ""
    return text[:MAX_TEXT_CHARS]


def _page_text(page) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # one unreadable page should not lose the others' text
        return ""


def tidy_text(text: str) -> str:
    """One space between words, no blank lines, no control characters or lone surrogates
    (PostgreSQL refuses NUL and surrogates in text)."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(
        "".join(char for char in line if unicodedata.category(char) not in ("Cc", "Cs"))
        for line in lines
        if line
    )


# --- Scans -------------------------------------------------------------------------------


def read_image(data: bytes, letter_format: LetterFormat, max_pixels: int) -> Contents:
    check_image_complete(data, letter_format)
    try:
        with _open_image(data, letter_format) as image:
            check_pixels(image.size, max_pixels)
            image.verify()
        # verify() leaves the image unusable; decoding a fresh copy proves the pixels are there.
        with _open_image(data, letter_format) as image:
            image.load()
    except LetterRefused:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels) from None
    except Exception:  # Pillow's decoders fail in many ways on damaged files
        raise _unparsable(letter_format.label) from None
    return Contents(page_count=1, text="", signatures=())


def check_image_complete(data: bytes, letter_format: LetterFormat) -> None:
    """Walk the file's structure to its end marker. Pillow pads a cut-off JPEG with grey
    rather than failing, so the decoder cannot be relied on to notice."""
    complete = png_is_complete(data) if letter_format is PNG else jpeg_is_complete(data)
    if not complete:
        raise LetterRefused(
            "truncated",
            _(
                "This image is incomplete: it seems to have been cut off, for example by an "
                "interrupted download. Please save or scan the letter again and upload the "
                "complete file."
            ),
        )


def png_is_complete(data: bytes) -> bool:
    """Whether the chunks, each announcing its length, lead to an IEND chunk."""
    position = len(PNG.magic)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        if data[position + 4 : position + 8] == b"IEND":
            return True
        position += 12 + length  # length, type, data, CRC
    return False


def jpeg_is_complete(data: bytes) -> bool:
    """Whether the segments, and the compressed data after each start-of-scan, lead to an
    end-of-image marker (FF D9). Whatever follows it (phones append videos) is ignored."""
    position = 2  # after the start-of-image marker
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xD9:
            return True
        if marker == 0xFF:  # fill byte before a marker
            position += 1
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
            if marker == 0xDA:
                position = _end_of_scan(data, position)
    return False


def _end_of_scan(data: bytes, position: int) -> int:
    """The position of the first marker after compressed data, or len(data) if none.

    Inside the data FF is followed by 00 (an escaped FF) or a restart marker D0 to D7.
    """
    while True:
        position = data.find(b"\xff", position)
        if position == -1 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following == 0xFF:
            position += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        else:
            return position


def _open_image(data: bytes, letter_format: LetterFormat) -> Image.Image:
    # Only the format the magic bytes named: Pillow must not guess another one.
    return Image.open(io.BytesIO(data), formats=[letter_format.label])


def check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    """Before decoding: the header's dimensions decide how much memory decoding takes."""
    width, height = size
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)


def _too_many_pixels(max_pixels: int) -> LetterRefused:
    return LetterRefused(
        "too_many_pixels",
        _(
            "This image has more pixels than we can process (the limit is %(limit)s million). "
            "Please send a smaller scan: 150 to 300 dpi is plenty for a letter."
        )
        % {"limit": f"{max_pixels / 1_000_000:g}"},
    )
