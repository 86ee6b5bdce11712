"""Beat's task finds due reminders in a fixed number of queries whatever the number of
recipients; each send then costs the same few queries (its row, its checklist)."""

import datetime
from datetime import UTC

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from letters.enums import LetterKind
from letters.models import LetterInvitation
from reminders.domain import send_due_reminders
from tests.factories import ApplicationFactory, CallFactory

CLOSES = datetime.datetime(2027, 4, 1, 12, tzinfo=UTC)


def drafts_with_invitations(call, count):
    for _ in range(count):
        application = ApplicationFactory(call=call)
        LetterInvitation.objects.create(
            application=application,
            organisation_name="Fundación Tribu",
            email=f"ngo-{application.pk}@tribu.example",
            kind=LetterKind.CIVIL_SOCIETY,
            invited_by=application.owner_user,
        )


def queries_of_a_run():
    with CaptureQueriesContext(connection) as captured:
        sent = send_due_reminders()
    return len(captured), sent


def test_beat_queries_do_not_grow_with_recipients(db, mailoutbox):
    with time_machine.travel(CLOSES - datetime.timedelta(days=2, hours=1), tick=False):
        call = CallFactory(opens_at=CLOSES - datetime.timedelta(days=30), closes_at=CLOSES)
        drafts_with_invitations(call, 3)
        # Content types are cached for the process after their first lookup.
        ContentType.objects.get_for_models(Application, LetterInvitation)
        send_three, sent = queries_of_a_run()
        assert sent == 6  # each draft's owner, each invitee
        idle_three, sent = queries_of_a_run()
        assert sent == 0

        drafts_with_invitations(call, 30)
        send_thirty, sent = queries_of_a_run()
        assert sent == 60
        idle_thirty_three, sent = queries_of_a_run()
        assert sent == 0

    # Finding what is due (and that it was sent) costs the same for 3 and 33 drafts.
    assert idle_three == idle_thirty_three
    # Each send costs the same: the queries of 60 sends are 10 times those of 6.
    per_six = send_three - idle_three
    assert send_thirty - idle_thirty_three == 10 * per_six
    assert len(mailoutbox) == 66
