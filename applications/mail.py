"""E-mail in the portal's voice: the recipient's language, the "[OGP Local]" prefix, and a
plain-text body with the same text as HTML."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize


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
    """The plain-text body as an HTML e-mail: the same words, links made clickable."""
    return render_to_string(
        "emails/layout.html",
        {
            "body": linebreaks(urlize(text, autoescape=True), autoescape=False),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "language": translation.get_language(),
        },
    )


def send_mail_in_language(*, to, template, context, language):
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and send."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
        subject = subject_with_prefix(render_to_string(f"{template}_subject.txt", context))
        body = render_to_string(f"{template}_body.txt", context)
        html = html_body(body)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to), html_message=html)
