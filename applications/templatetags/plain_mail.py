"""Filters for plain-text e-mail that carries text someone else wrote."""

import re

from django import template

register = template.Library()

# What a mail client would turn into a link: a scheme, a dot between two name characters
# (example.com), an at sign (an address).
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):/+")
_DOT = re.compile(r"(?<=\w)\.(?=\w)")


@register.filter(name="defanged")
def defanged(text: str) -> str:
    """``text`` on one line, with nothing a mail client would make into a link:
    "Click http://phish.example" reads "Click http[:]//phish[.]example"."""
    text = " ".join(str(text or "").split())
    text = _SCHEME.sub(lambda match: f"{match.group(1)}[:]//", text)
    text = _DOT.sub("[.]", text)
    return text.replace("@", "[at]")


@register.filter
def quoted(text) -> str:
    """Applicant-written ``text`` as one quoted line ("> ..."), never a link."""
    return "> " + defanged(text)
