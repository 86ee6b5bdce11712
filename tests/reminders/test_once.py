"""Each reminder once: the row and the e-mail share a transaction. A mail server that is down
does not lose the reminder: its message waits in the outbox (mailings) and goes out once the
server is back; a run that finds another one's row sends nothing."""

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


def test_a_reminder_while_the_mail_server_is_down_waits_in_the_outbox(draft, settings):
    from mailings import outbox
    from mailings.models import OutgoingMail

    with time_machine.travel(CLOSES - datetime.timedelta(days=2, hours=1), tick=False):
        settings.EMAIL_BACKEND = f"{__name__}.BrokenServer"
        assert send_due_reminders() == 1  # recorded once; its message kept, not lost
        waiting = OutgoingMail.objects.get(sent_at__isnull=True)
        assert waiting.recipients == [draft.owner_user.email]
        assert mail.outbox == []
        assert send_due_reminders() == 0  # beat again: not a second reminder

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert outbox.deliver(mail_id=waiting.pk) is True
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
