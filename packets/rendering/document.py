"""From a packet's inputs to its HTML, in the applicant's language.

The template sees only what ``packet_context`` builds from the inputs (and the letter files'
real page counts), so the footprint of the inputs covers everything the packet says.
Every piece of user text reaches the template as a plain string and is escaped there.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from applications.enums import GovernmentLevel, OrganisationKind
from calls.enums import QuestionKind
from letters.enums import LetterKind, SignatureStatus

from ..fetcher import letter_url, static_url

TEMPLATE = "packets/packet.html"
STYLESHEET = "packets/packet.css"
# Part of the inputs: bump it when the template or the stylesheet changes what a packet shows,
# so that asking for a packet renders a new version instead of reusing one made the old way.
TEMPLATE_VERSION = "2026.3"  # bump when the layout changes: packets render anew

MM = 72 / 25.4  # PDF points per millimetre
PAGE_MM = (210, 297)  # A4
# Letter pages: the packet's running header and footer in the margins, a band naming the
# letter at the top of the page area, and the letter's own page fitted into the frame below.
LETTER_MARGIN_MM = {"top": 16, "right": 12, "bottom": 15, "left": 12}
LETTER_BAND_MM = 8
LETTER_GAP_MM = 3


@dataclass(frozen=True)
class Frame:
    """Where a letter's page goes on its packet page, in PDF points from the bottom left."""

    left: float
    bottom: float
    width: float
    height: float

    @classmethod
    def for_letter_pages(cls) -> "Frame":
        width_mm = PAGE_MM[0] - LETTER_MARGIN_MM["left"] - LETTER_MARGIN_MM["right"]
        top_mm = LETTER_MARGIN_MM["top"] + LETTER_BAND_MM + LETTER_GAP_MM
        # A millimetre to spare, so that rounding never pushes the frame onto a page of its own.
        height_mm = PAGE_MM[1] - top_mm - LETTER_MARGIN_MM["bottom"] - 1
        return cls(
            left=LETTER_MARGIN_MM["left"] * MM,
            bottom=LETTER_MARGIN_MM["bottom"] * MM,
            width=width_mm * MM,
            height=height_mm * MM,
        )

    @property
    def width_mm(self) -> float:
        return self.width / MM

    @property
    def height_mm(self) -> float:
        return self.height / MM


LETTER_FRAME = Frame.for_letter_pages()


def page_anchor(letter_number: int, page_number: int) -> str:
    """The id on the packet page that receives page ``page_number`` of a letter."""
    return f"lp-{letter_number}-{page_number}"


LETTER_PAGE_ANCHOR = re.compile(r"^lp-(\d+)-(\d+)$")


def packet_html(inputs: dict, *, version: int, input_hash: str, letter_files) -> str:
    with translation.override(inputs["language"]):
        return render_to_string(
            TEMPLATE,
            packet_context(
                inputs, version=version, input_hash=input_hash, letter_files=letter_files
            ),
        )


def packet_context(inputs: dict, *, version: int, input_hash: str, letter_files) -> dict:
    """Display values for the template; call it inside translation.override(language)."""
    application = inputs["application"]
    government = inputs["lead_government"]
    letters = [_letter(letter_file, len(letter_files)) for letter_file in letter_files]
    return {
        "language": inputs["language"],
        "stylesheet_url": static_url(STYLESHEET),
        "reference": application["reference"],
        "call_title": application["call_title"],
        "submitted_at": format_datetime(application["submitted_at"]),
        "language_name": translation.get_language_info(inputs["language"])["name_translated"],
        "lead_office": application["lead_office"],
        "contact": {
            "name": application["contact_name"],
            "position": application["contact_position"],
            "email": application["contact_email"],
        },
        "government": {
            "name": government["name"],
            "country": countries.name(government["country"]) or government["country"],
            "level": _label(GovernmentLevel, government["government_level"]),
            "population": _number(government["population"]),
            "area_km2": _number(government["area_km2"]),
            "term_ends_on": format_date(government["term_ends_on"]),
            "website": government["website"],
        },
        "partners": [
            {
                "name": partner["name"],
                "kind": _label(OrganisationKind, partner["kind"]),
                "country": countries.name(partner["country"]) or partner["country"],
                "role": partner["role"],
                "contact_name": partner["contact_name"],
                "contact_email": partner["contact_email"],
            }
            for partner in inputs["partners"]
        ],
        "sections": [
            {
                "number": number,
                "anchor": f"section-{number}",
                "title": section["title"],
                "description": section["description"],
                "questions": [
                    {
                        "number": f"{number}.{question_number}",
                        "text": question["text"],
                        "answer": _answer(question),
                    }
                    for question_number, question in enumerate(section["questions"], start=1)
                ],
            }
            for number, section in enumerate(inputs["sections"], start=1)
        ],
        "letters": letters,
        "letter_page_total": sum(letter["page_count"] for letter in letters),
        # The last page of the packet, for "N pages" on the cover.
        "end_anchor": letters[-1]["last_anchor"] if letters else "packet-end",
        "version": version,
        "input_hash": input_hash,
        "input_hash_groups": [input_hash[i : i + 16] for i in range(0, len(input_hash), 16)],
        "frame": LETTER_FRAME,
        "letter_margin": LETTER_MARGIN_MM,
        "letter_band_mm": LETTER_BAND_MM,
        "letter_gap_mm": LETTER_GAP_MM,
        "css": {
            "page_of": page_counter_css(_("Page %(page)s of %(pages)s")),
            "footer": css_string(
                _("OGP Local application packet · version %(version)s") % {"version": version}
            ),
        },
    }


def _letter(letter_file, total: int) -> dict:
    info = letter_file.info
    number = letter_file.number
    signature = None
    if info["signature_status"] and info["signature_status"] != SignatureStatus.NONE:
        signature = {
            "status": _label(SignatureStatus, info["signature_status"]),
            "signer": info["signature_signer"],
            "signed_at": format_datetime(info["signature_time"]),
        }
    kind = _label(LetterKind, info["kind"])
    return {
        "number": number,
        "anchor": f"letter-{number}",
        "last_anchor": page_anchor(number, letter_file.page_count),
        "kind": kind,
        "author": info["author_organisation"],
        "government": info["government"],
        "signatory_name": info["signatory_name"],
        "signatory_title": info["signatory_title"],
        "signed_on": format_date(info["signed_on"]),
        "filename": info["filename"],
        "page_count": letter_file.page_count,
        "sha256": info["sha256"],
        "sha256_groups": [info["sha256"][i : i + 32] for i in range(0, 64, 32)],
        "signature": signature,
        "signature_status": _label(SignatureStatus, info["signature_status"] or "none"),
        "is_scan": letter_file.is_scan,
        "image_url": letter_url(info["id"]) if letter_file.is_scan else "",
        "bookmark": _("%(number)s. %(kind)s: %(author)s")
        % {"number": number, "kind": kind, "author": info["author_organisation"]},
        "band": _("Letter %(number)s of %(total)s") % {"number": number, "total": total},
        "pages": [
            {
                "anchor": page_anchor(number, page),
                "label": _("page %(page)s of %(pages)s")
                % {"page": page, "pages": letter_file.page_count},
            }
            for page in range(1, letter_file.page_count + 1)
        ],
    }


def _answer(question: dict) -> str:
    value = question["answer"]
    if value and question["kind"] == QuestionKind.DATE:
        try:
            return format_date(value)
        except ValueError:
            return value
    return value


def _label(choices, value) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _number(value) -> str:
    if value in (None, ""):
        return ""
    return formats.number_format(value, force_grouping=True)


def format_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return formats.date_format(value, "DATE_FORMAT")


def format_datetime(value) -> str:
    """The moment in the portal's time zone, naming the zone and its offset from UTC."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = timezone.localtime(value, timezone.get_default_timezone())
    offset = local.strftime("%z")
    zone = settings.TIME_ZONE
    stamp = formats.date_format(local, "DATETIME_FORMAT")
    if offset == "+0000" and zone in ("UTC", "Etc/UTC"):
        return f"{stamp} UTC"
    return f"{stamp} ({zone}, UTC{offset[:3]}:{offset[3:]})"


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string; only letters, digits and spaces are left unescaped."""
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in str(text)
    )
    return f'"{escaped}"'


def page_counter_css(template: str) -> str:
    """'Page %(page)s of %(pages)s' as CSS content: strings around counter(page)/counter(pages)."""
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", template):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)
