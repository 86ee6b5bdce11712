"""Celery tasks: an outbox row's id in, never the message (it may carry a token)."""

from celery import shared_task


@shared_task
def deliver_mail(mail_id):
    from .outbox import deliver  # noqa: PLC0415 - tasks are a leaf module

    return deliver(mail_id=mail_id)


@shared_task
def sweep_outbox():
    """Beat, every MAIL_SWEEP_SECONDS: send what is due (backoff after each failure)."""
    from .outbox import sweep  # noqa: PLC0415

    return sweep()
