from django import template
from django.utils.formats import number_format

from applications.display import email_with_breaks

register = template.Library()


@register.filter
def email_breaks(address):
    return email_with_breaks(address)


@register.filter
def number_or_dash(value):
    """A number grouped for the reader's language, or "—" when there is none."""
    if value in (None, ""):
        return "—"
    return number_format(value, force_grouping=True)
