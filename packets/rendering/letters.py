"""Reading the letters a packet merges, and refusing one that cannot be merged.

A letter is read from the private storage and checked against the SHA-256 recorded at upload
(and written into the packet's inputs): the packet then holds exactly the bytes its footprint
names. A letter that is missing, changed, or unreadable is a LetterUnusable, a permanent
failure whose message says which letter and what is wrong with it.
"""

import hashlib
import io
from dataclasses import dataclass, field

import pikepdf
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from letters.models import Letter, private_storage

from .errors import PacketError

PDF = "application/pdf"
IMAGE_TYPES = ("image/jpeg", "image/png")
ORIENTATION_TAG = 0x0112


class LetterUnusable(PacketError):
    """A letter's file cannot go into the packet; the message names the letter and the reason."""


@dataclass
class LetterFile:
    """One letter of the packet: what the inputs say about it, its bytes, its real pages."""

    number: int
    info: dict
    data: bytes
    page_count: int
    pdf: pikepdf.Pdf | None = field(default=None, repr=False)
    image_size: tuple[int, int] = (0, 0)  # scans: width and height as displayed

    @property
    def is_scan(self) -> bool:
        return self.info["content_type"] in IMAGE_TYPES

    def close(self):
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def describe(info: dict, number: int, *, sentence_start=False) -> str:
    values = {
        "number": number,
        "author": info["author_organisation"],
        "filename": info.get("filename") or "?",
    }
    if sentence_start:
        return _("Letter %(number)s (%(author)s, %(filename)s)") % values
    return _("letter %(number)s (%(author)s, %(filename)s)") % values


def read_letter_files(inputs: dict) -> list[LetterFile]:
    """Every letter of ``inputs``, in index order, read and checked. Raises LetterUnusable."""
    infos = inputs["letters"]
    names = dict(
        Letter.objects.filter(pk__in=[info["id"] for info in infos]).values_list("pk", "file")
    )
    files = []
    try:
        for number, info in enumerate(infos, start=1):
            files.append(open_letter(number, info, _read(names.get(info["id"]), info, number)))
    except BaseException:
        for letter_file in files:
            letter_file.close()
        raise
    return files


def _read(name, info, number) -> bytes:
    if not name:
        raise LetterUnusable(
            _("The file of %(letter)s is missing.") % {"letter": describe(info, number)}
        )
    try:
        with private_storage().open(name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise LetterUnusable(
            _("The file of %(letter)s is missing from the storage.")
            % {"letter": describe(info, number)}
        ) from None


def open_letter(number: int, info: dict, data: bytes) -> LetterFile:
    """Check ``data`` against the letter's recorded SHA-256 and type; open PDFs for merging."""
    letter = describe(info, number)
    letter_start = describe(info, number, sentence_start=True)
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        raise LetterUnusable(
            _(
                "The stored file of %(letter)s no longer matches the SHA-256 recorded when it "
                "was received: it was changed or damaged. Replace the letter."
            )
            % {"letter": letter}
        )
    content_type = info["content_type"]
    if content_type == PDF:
        try:
            document = pikepdf.open(io.BytesIO(data))
        except pikepdf.PasswordError:
            raise LetterUnusable(
                _("%(letter)s is protected by a password.") % {"letter": letter_start}
            ) from None
        except pikepdf.PdfError as error:
            raise LetterUnusable(
                _("%(letter)s is not a readable PDF (%(reason)s). Replace the letter.")
                % {"letter": letter_start, "reason": _short(error)}
            ) from None
        if len(document.pages) == 0:
            document.close()
            raise LetterUnusable(
                _("%(letter)s has no pages. Replace the letter.") % {"letter": letter_start}
            )
        return LetterFile(number, info, data, len(document.pages), document)
    if content_type in IMAGE_TYPES:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image_size = _displayed_size(image)
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise LetterUnusable(
                _("%(letter)s is not a readable image (%(reason)s). Replace the letter.")
                % {"letter": letter_start, "reason": _short(error)}
            ) from None
        return LetterFile(number, info, data, 1, image_size=image_size)
    raise LetterUnusable(
        _("%(letter)s has a file type the packet cannot hold (%(type)s).")
        % {"letter": letter_start, "type": content_type}
    )


def _displayed_size(image) -> tuple[int, int]:
    """Width and height once the EXIF orientation is applied, as WeasyPrint shows the scan."""
    width, height = image.size
    if image.getexif().get(ORIENTATION_TAG, 1) in (5, 6, 7, 8):
        return height, width
    return width, height


def _short(error) -> str:
    text = " ".join(str(error).split())
    return text[:200] or type(error).__name__
