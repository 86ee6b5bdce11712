from django import template

from calls.formatting import answer_display
from calls.formatting import time_left as _time_left
from calls.formatting import with_time_zone as _with_time_zone

register = template.Library()


@register.filter
def with_time_zone(value, format_name="DATETIME_FORMAT"):
    """``{{ call.closes_at|with_time_zone }}``: the reader's date format and the time zone."""
    return _with_time_zone(value, format_name)


@register.filter
def answer_for(value, kind):
    """``{{ question.answer|answer_for:question.kind }}``: dates and numbers in the reader's
    format, text as written."""
    return answer_display(value, kind)


@register.filter
def time_left(value):
    """``{{ call.closes_at|time_left }}``: "8 weeks left", "3 days left" in the reader's
    language (``calls.formatting.time_left``); empty once the moment has passed."""
    return _time_left(value)
