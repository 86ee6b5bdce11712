"""Judge letter files as an upload is judged, from the command line (support, or a batch of
letters received by e-mail). It reports and changes nothing, so it always exits 0."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from letters.validation import InspectedLetter, LetterRefused, SignatureInfo, inspect_letter


class Command(BaseCommand):
    help = (
        "Print, for each FILE, whether the portal would accept it as a letter and what it "
        "found (format, pages, digital signature), or why it would refuse it."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        for name in files:
            self.stdout.write(verdict(name))


def verdict(name: str) -> str:
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        return f"refuse {name}: cannot be read ({error.strerror or error})"
    try:
        letter = inspect_letter(data)
    except LetterRefused as refusal:
        return f"refuse {name}: {refusal.message}"
    return f"accept {name} ({summary(letter)})"


def summary(letter: InspectedLetter) -> str:
    pages = "1 page" if letter.page_count == 1 else f"{letter.page_count} pages"
    signatures = "; ".join(describe(signature) for signature in letter.signatures) or "none"
    return f"{letter.format_label}, {pages}, signature: {signatures}"


def describe(signature: SignatureInfo) -> str:
    if not signature.readable:
        return f"unreadable ({signature.unreadable_reason})"
    text = " ".join(filter(None, [signature.signer or "unnamed signer", when(signature.signed_at)]))
    if not signature.intact:
        return f"{text} (does not match the document)"
    if not signature.covers_whole_document:
        return f"{text} (the document was changed after signing)"
    return text


def when(moment: datetime | None) -> str:
    """As the signer's stamp shows it: local time and offset, e.g. 2024-01-24 16:19 -03:00."""
    if moment is None:
        return ""
    offset = moment.strftime("%z")  # "-0300"; %:z needs Python 3.12
    if offset:
        offset = f" {offset[:3]}:{offset[3:5]}"
    return moment.strftime("%Y-%m-%d %H:%M") + offset
