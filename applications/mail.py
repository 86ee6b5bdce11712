"""E-mail in the portal's voice: the recipient's language, the "[OGP Local]" prefix, and a
plain-text body with the same text as HTML.

The plain text is rendered without HTML escaping, or a subject would read
"O&#x27;Higgins &amp; Sons". Text that applicants wrote goes through the ``quoted`` filter
(``applications/templatetags/plain_mail.py``) wherever it appears in mail to someone else.
"""

from functools import cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.backends.django import DjangoTemplates
from django.utils import translation

from accounts.mail import html_body, subject_with_prefix
from mailings import outbox


@cache
def plain_text_templates() -> DjangoTemplates:
    """The project's template folders and tag libraries, with autoescaping off."""
    configured = settings.TEMPLATES[0]
    return DjangoTemplates(
        {
            "NAME": "plain-text-mail",
            "DIRS": configured.get("DIRS", []),
            "APP_DIRS": configured.get("APP_DIRS", True),
            "OPTIONS": {"autoescape": False},
        }
    )


def render_mail(*, template, context, language) -> tuple[str, str]:
    """The (subject, body) of ``<template>_subject.txt`` and ``_body.txt`` in ``language``."""
    engine = plain_text_templates()
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
        subject = subject_with_prefix(
            engine.get_template(f"{template}_subject.txt").render(context)
        )
        body = engine.get_template(f"{template}_body.txt").render(context)
    return subject, body


def send_mail_in_language(*, to, template, context, language):
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and send,
    or keep it in the outbox if the mail server fails (mailings/outbox.py): never raises
    because of the mail server."""
    subject, body = render_mail(template=template, context=context, language=language)
    with translation.override(language):
        html = html_body(body)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    message.attach_alternative(html, "text/html")
    outbox.send(message)
    return 1


def mail_editors(application, *, template, context=None):
    """E-mail every editor of ``application``, each in the language they chose (else the
    application's); the context has ``application`` and ``recipient`` too."""
    for editor in application.editors.select_related("user"):
        send_mail_in_language(
            to=[editor.user.email],
            template=template,
            language=editor.user.language or application.language,
            context={"application": application, **(context or {}), "recipient": editor.user},
        )
