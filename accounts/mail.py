"""E-mail in the portal's voice, shared by every app (django-allauth's included): the
"[OGP Local]" prefix and the HTML alternative of a plain-text body."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, linebreaks, urlize
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

    The text is escaped first, whatever its type: a body rendered by a template engine is a
    SafeString, which urlize would otherwise pass through as HTML. Applicant-written words
    stay text; urlize then links the (escaped) URLs."""
    paragraphs = linebreaks(urlize(escape(text.strip())), autoescape=False)
    return render_to_string(
        "emails/layout.html",
        {
            "body": mark_safe(paragraphs),  # noqa: S308 - escaped above
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "language": translation.get_language(),
        },
    )
