"""Moments as the reader's locale writes them, with their time zone."""

from django.utils import timezone
from django.utils.formats import date_format


def with_time_zone(value, format_name="DATETIME_FORMAT") -> str:
    """``value`` in the active language's format, then its time zone ("1 de marzo de 2027 a
    las 17:00 UTC"): a deadline is never shown without the zone it is counted in."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, format_name)} {date_format(local, 'T')}"


def answer_display(value, kind) -> str:
    """An answer as the reader's locale writes it: dates and numbers are formatted; text
    (what applicants wrote) is returned as written."""
    from decimal import Decimal, InvalidOperation

    from django.utils.dateparse import parse_date
    from django.utils.formats import number_format

    from .enums import QuestionKind

    if kind == QuestionKind.DATE and value:
        parsed = parse_date(str(value))
        return date_format(parsed, "DATE_FORMAT") if parsed else value
    if kind == QuestionKind.NUMBER and value:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value
        return number_format(number.normalize() if number == number.to_integral() else number)
    return value
