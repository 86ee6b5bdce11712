"""Values shown to people, formatted for the reader's language (the active one)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe

from calls.enums import QuestionKind


def answer_display(kind, value: str) -> str:
    """An answer as the reader writes it: "16 de junio de 2023", "1.234,5"."""
    if not value:
        return ""
    try:
        if kind == QuestionKind.DATE:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        if kind == QuestionKind.NUMBER:
            return formats.number_format(Decimal(value), force_grouping=True)
    except (ValueError, InvalidOperation):
        pass
    return value


def email_with_breaks(address) -> str:
    """An e-mail address that wraps only after "@" and before dots, never inside a word."""
    if not address:
        return ""
    escaped = str(escape(address))
    return mark_safe(  # noqa: S308 - escaped above; only <wbr> is added
        escaped.replace("@", "@<wbr>").replace(".", "<wbr>.")
    )
