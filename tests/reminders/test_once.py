"""Each reminder once: the row and the e-mail share a transaction. A send that fails leaves no
row (the next run sends it); a run that finds another one's row sends nothing."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from reminders.domain import due_reminders, send_due_reminders, send_reminder
from reminders.models import Reminder
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

CLOSES = datetime.datetime(2027, 4, 1, 12, tzinfo=datetime.UTC)


class BrokenServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def draft():
    with time_machine.travel(CLOSES - datetime.timedelta(days=20), tick=False):
        call = CallFactory(opens_at=CLOSES - datetime.timedelta(days=30), closes_at=CLOSES)
        return ApplicationFactory(call=call)


def test_a_failed_send_leaves_no_row_and_the_next_run_sends_it(draft, settings):
    with time_machine.travel(CLOSES - datetime.timedelta(days=2, hours=1), tick=False):
        settings.EMAIL_BACKEND = f"{__name__}.BrokenServer"
        assert send_due_reminders() == 0
        assert not Reminder.objects.exists()

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    assert [m.to for m in mail.outbox] == [[draft.owner_user.email]]
    assert Reminder.objects.get().occasion == "before:3"


def test_a_reminder_another_run_recorded_is_not_sent_again(draft):
    with time_machine.travel(CLOSES - datetime.timedelta(days=2, hours=1), tick=False):
        (due,) = due_reminders()
        # Another beat run sends the same reminder between this run's look and its send.
        assert send_reminder(due=due, now=due.context["call"].closes_at) is True
        assert send_reminder(due=due, now=due.context["call"].closes_at) is False
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1
