from celery import shared_task

from . import domain


@shared_task
def send_due_reminders_task():
    """Beat runs this every REMINDER_SWEEP_SECONDS; each reminder is sent once (domain.py)."""
    return domain.send_due_reminders()
