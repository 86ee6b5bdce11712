"""E-mail in the recipient's language, rendered from templates."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_mail_in_language(*, to, template, context, language):
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and send."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
