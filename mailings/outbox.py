"""Sending mail so that a mail server that is down or slow costs a delay, never an error page.

Every message the portal sends goes through ``send(message)``. It tries the mail server once,
at most MAIL_ATTEMPT_SECONDS; if that fails (or earlier mail is already waiting, so the server
is known to be failing and nobody waits for it again), the rendered message is kept as an
OutgoingMail row and sent later from that row: by the ``deliver_mail`` task (given only the
row's id) after MAIL_RETRY_SECONDS, then by beat's ``sweep_outbox`` with a backoff that
doubles up to MAIL_RETRY_MAX_SECONDS, for at most MAIL_MAX_ATTEMPTS tries. A row is sent once:
it is locked while it is sent and marked sent in the same transaction; its text (which may
hold an invitation's link) is erased then.

Mail is sent after the request's transaction commits (domains use ``transaction.on_commit``),
so the person's action is saved whatever the mail server does. Pages learn that mail is
waiting from ``mail_delayed()`` or the notice ``middleware.MailDelayNoticeMiddleware`` adds.
"""

import contextvars
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)
SENT_KEPT_DAYS = 30

# Set by MailDelayNoticeMiddleware for the request being served: mail kept during it.
kept_during_request: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "kept_during_request", default=None
)


def send(message: EmailMultiAlternatives) -> OutgoingMail | None:
    """Send ``message`` now, or keep it for later. None if it was sent, else its row.
    Never raises because of the mail server."""
    if mail_delayed():
        return keep(message, error="earlier mail is waiting")
    message.connection = get_connection(timeout=settings.MAIL_ATTEMPT_SECONDS)
    try:
        message.send()
    except OSError as error:  # refused, timed out, or an SMTP error (all OSError)
        logger.warning("Mail to the mail server failed, kept in the outbox: %r", error)
        return keep(message, error=_describe(error))
    return None


def keep(message, *, error: str) -> OutgoingMail:
    """Store the rendered message as a row and have it sent once the mail server answers."""
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    mail = OutgoingMail.objects.create(
        from_email=message.from_email,
        recipients=list(message.recipients()),
        subject=message.subject,
        body=message.body,
        html=html,
        headers={str(name): str(value) for name, value in message.extra_headers.items()},
        attempts=0 if error == "earlier mail is waiting" else 1,
        next_attempt_at=timezone.now() + timedelta(seconds=settings.MAIL_RETRY_SECONDS),
        last_error=error[:300],
    )
    kept = kept_during_request.get()
    if kept is not None:
        kept.append(mail.pk)
    transaction.on_commit(lambda: _queue(mail.pk), robust=True)
    return mail


def _queue(mail_id):
    """A broker that is down too loses nothing: the sweep finds the row."""
    from .tasks import deliver_mail  # noqa: PLC0415 - tasks import this module

    deliver_mail.apply_async((mail_id,), countdown=settings.MAIL_RETRY_SECONDS)


def deliver(*, mail_id, now=None) -> bool:
    """Send one kept message if it is still unsent; True if it was sent now."""
    now = now or timezone.now()
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, sent_at__isnull=True)
            .first()
        )
        if mail is None:  # sent already, or being sent by another process
            return False
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body,
            from_email=mail.from_email,
            to=mail.recipients,
            headers=mail.headers,
            connection=get_connection(),
        )
        if mail.html:
            message.attach_alternative(mail.html, "text/html")
        try:
            message.send()
        except OSError as error:
            # A message the server refuses for good (5xx: no such recipient) is not retried.
            refused = _refused_for_good(error)
            mail.attempts = settings.MAIL_MAX_ATTEMPTS if refused else mail.attempts + 1
            mail.last_error = _describe(error)
            mail.next_attempt_at = now + _backoff(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
                logger.error("Mail %s given up: %s", mail.pk, mail.last_error)
            return False
        mail.sent_at = now
        mail.body = mail.html = ""  # a link it carried is no longer kept anywhere
        mail.save(update_fields=["sent_at", "body", "html"])
    return True


def sweep(*, now=None) -> int:
    """Send the kept messages that are due, oldest first; stop at the first failure (the
    server is still failing: the others keep their turn). Returns how many were sent."""
    now = now or timezone.now()
    # Sent rows (their text already erased) are kept a month, to answer "was it sent?".
    OutgoingMail.objects.filter(sent_at__lt=now - timedelta(days=SENT_KEPT_DAYS)).delete()
    due = OutgoingMail.objects.filter(
        sent_at__isnull=True, next_attempt_at__lte=now, attempts__lt=settings.MAIL_MAX_ATTEMPTS
    ).values_list("pk", flat=True)
    sent = 0
    for mail_id in list(due[:500]):
        if deliver(mail_id=mail_id, now=now):
            sent += 1
        elif OutgoingMail.objects.filter(
            pk=mail_id, sent_at__isnull=True, attempts__lt=settings.MAIL_MAX_ATTEMPTS
        ).exists():
            break  # the server did not answer: the others would wait for it in vain
    return sent


def mail_delayed() -> bool:
    """Some mail could not be sent and is still waiting for the mail server."""
    return OutgoingMail.objects.filter(
        sent_at__isnull=True, attempts__lt=settings.MAIL_MAX_ATTEMPTS
    ).exists()


def _backoff(attempts: int) -> timedelta:
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


def _refused_for_good(error: OSError) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _describe(error: OSError) -> str:
    return f"{type(error).__name__}: {error}"[:300]
