"""What a letter says about itself: signer, position, date and organisation, proposed to
the sender from the letter's text and its digital signature, for them to confirm.

Only proposals: nothing read here is stored without the sender confirming it on the form.
A digital signature names its signer and its time; the text's closing block (after
"Sincerely," / "Atentamente," / "Cordialement," / "Atenciosamente,") names the signer,
their position and their organisation; a written date ("16 de junio de 2023", "June 16,
2023", "16/06/2023") gives the date when no signature does.
"""

import re
from datetime import date

from applications.identity import fold

from .validation import InspectedLetter

MONTHS = {
    # en, es, fr, pt (accents removed)
    **dict.fromkeys(["january", "enero", "janvier", "janeiro"], 1),
    **dict.fromkeys(["february", "febrero", "fevrier", "fevereiro"], 2),
    **dict.fromkeys(["march", "marzo", "mars", "marco"], 3),
    **dict.fromkeys(["april", "abril", "avril"], 4),
    **dict.fromkeys(["may", "mayo", "mai", "maio"], 5),
    **dict.fromkeys(["june", "junio", "juin", "junho"], 6),
    **dict.fromkeys(["july", "julio", "juillet", "julho"], 7),
    **dict.fromkeys(["august", "agosto", "aout"], 8),
    **dict.fromkeys(["september", "septiembre", "setiembre", "septembre", "setembro"], 9),
    **dict.fromkeys(["october", "octubre", "octobre", "outubro"], 10),
    **dict.fromkeys(["november", "noviembre", "novembre", "novembro"], 11),
    **dict.fromkeys(["december", "diciembre", "decembre", "dezembro"], 12),
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = [
    # 16 de junio de 2023 / 16 June 2023 / 16 juin 2023 / 1er juin 2023
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:er|st|nd|rd|th|º)?\s+(?:de\s+)?({_MONTH})\s+(?:de\s+|del\s+)?(\d{{4}})\b"
        ),
        "dmy",
    ),
    # June 16, 2023
    (re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "mdy"),
    # 2023-06-16
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    # 16/06/2023 or 16.06.2023 (day first, as in most of the OGP Local world)
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"), "dmy_numeric"),
]
CLOSINGS = re.compile(
    r"^(sincerely|yours sincerely|yours faithfully|kind regards|best regards|regards|"
    r"atentamente|cordialmente|saludos cordiales|saluda atentamente|le saluda atentamente|"
    r"cordialement|bien cordialement|veuillez agreer.*|atenciosamente|cordiais saudacoes)[,.:]?$"
)


def propose_details(inspected: InspectedLetter) -> dict:
    """Proposed form values (ISO date) and where each came from: "signature" or "text"."""
    proposal, sources = {}, {}
    signature = next((s for s in inspected.signatures if s.readable and s.signer), None)
    if signature is not None:
        proposal["signatory_name"] = signature.signer
        sources["signatory_name"] = "signature"
        if signature.signed_at is not None:
            proposal["signed_on"] = signature.signed_at.date().isoformat()
            sources["signed_on"] = "signature"
    closing = closing_block(inspected.text)
    for field, value in closing.items():
        if value and field not in proposal:
            proposal[field] = value
            sources[field] = "text"
    if "signed_on" not in proposal and (written := first_date(inspected.text)):
        proposal["signed_on"] = written.isoformat()
        sources["signed_on"] = "text"
    return {"fields": proposal, "sources": sources}


def closing_block(text: str) -> dict:
    """Name, position and organisation from the lines after the letter's closing formula."""
    lines = [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if CLOSINGS.match(fold(line)):
            after = [
                candidate for candidate in lines[index + 1 : index + 4] if len(candidate) <= 200
            ]
            return dict(
                zip(
                    ["signatory_name", "signatory_title", "author_organisation"],
                    after,
                    strict=False,
                )
            )
    return {}


def first_date(text: str) -> date | None:
    folded = fold(text)
    for pattern, order in DATE_PATTERNS:
        for match in pattern.finditer(folded):
            a, b, c = match.groups()
            try:
                if order == "dmy":
                    return date(int(c), MONTHS[b], int(a))
                if order == "mdy":
                    return date(int(c), MONTHS[a], int(b))
                if order == "iso":
                    return date(int(a), int(b), int(c))
                return date(int(c), int(b), int(a))
            except (ValueError, KeyError):
                continue
    return None
