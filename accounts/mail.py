"""E-mail in the portal's voice, shared by every app (django-allauth's included): the
"[OGP Local]" prefix and the HTML alternative of a plain-text body."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe


def subject_with_prefix(subject: str) -> str:
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    subject = " ".join(str(subject).split())
    if subject.startswith(prefix.strip()):
        return subject
    # Older templates start with "OGP Local: "; the prefix says it already.
    name = prefix.strip(" []")
    subject = subject.removeprefix(f"{name}: ")
    return f"{prefix}{subject}"


def html_body(text: str) -> str:
    """The plain-text body as an HTML e-mail: the same words, links made clickable.

    urlize escapes every character of the text it does not turn into a link, so what it
    returns is safe to insert as HTML; applicant-written words stay text."""
    paragraphs = linebreaks(urlize(text, autoescape=True), autoescape=False)
    return render_to_string(
        "emails/layout.html",
        {
            "body": mark_safe(paragraphs),  # noqa: S308 - escaped by urlize above
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "language": translation.get_language(),
        },
    )
