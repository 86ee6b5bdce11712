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
