from django import template

from calls.formatting import answer_display
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
