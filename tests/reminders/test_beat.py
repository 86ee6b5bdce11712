"""Beat runs one task, which a real worker executes: the reminders that are due go out."""

import datetime
import time

from django.core import mail
from django.utils import timezone

from reminders.domain import send_due_reminders
from reminders.models import Reminder
from reminders.tasks import send_due_reminders_task
from tests.factories import ApplicationFactory, CallFactory


def test_beat_schedules_the_reminder_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-send-due"]
    assert entry["task"] == send_due_reminders_task.name
    assert entry["schedule"] == settings.REMINDER_SWEEP_SECONDS == 3600


def test_a_worker_sends_the_due_reminders(celery_worker):
    now = timezone.now()
    call = CallFactory(
        opens_at=now - datetime.timedelta(days=20), closes_at=now + datetime.timedelta(hours=47)
    )
    application = ApplicationFactory(call=call)

    send_due_reminders_task.delay()
    deadline = time.monotonic() + 30
    while not Reminder.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the worker's thread commits the row; nothing to wait on but it

    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.occasion) == ("draft_deadline", "before:3")
    assert [m.to for m in mail.outbox] == [[application.owner_user.email]]
    assert send_due_reminders() == 0
