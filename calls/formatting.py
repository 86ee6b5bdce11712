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


def time_left(deadline, now=None) -> str:
    """How long until ``deadline``, as people say it: "8 weeks left", "about 3 months left",
    days in the last fortnight, hours in the last two days, minutes in the last hour.

    Django's ``timeuntil`` adds two units ("1 month, 4 weeks") and rounds months to 30 days;
    a deadline reads better as one number. The phrase includes "left" so that each language
    can agree it with the number ("queda 1 día", "quedan 3 días"). Empty once it has passed.
    """
    from django.utils.translation import ngettext

    if not deadline:
        return ""
    now = now or timezone.now()
    seconds = (deadline - now).total_seconds()
    if seconds <= 0:
        return ""
    minutes = seconds / 60
    hours = minutes / 60
    days = hours / 24
    if hours < 1:
        count = max(1, int(minutes))
        return ngettext("%(count)d minute left", "%(count)d minutes left", count) % {"count": count}
    if days < 2:
        count = int(hours)
        return ngettext("%(count)d hour left", "%(count)d hours left", count) % {"count": count}
    if days < 14:
        count = int(days)
        return ngettext("%(count)d day left", "%(count)d days left", count) % {"count": count}
    if days < 10 * 7:
        count = int(days // 7)
        return ngettext("%(count)d week left", "%(count)d weeks left", count) % {"count": count}
    count = round(days / 30.44)
    return ngettext("about %(count)d month left", "about %(count)d months left", count) % {
        "count": count
    }
