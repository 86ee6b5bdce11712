"""A member's reminders on a frozen clock: milestones due, the end-of-commitment report due
within a month of its commitment's end, the action plan's deadline; the optional ones can be
turned off, the required ones cannot and say why."""

import datetime
from datetime import UTC

import time_machine
from django.core import mail
from django.utils import timezone

from members import domain as members_domain
from members.models import ActionPlan
from reminders.domain import send_due_reminders, set_reminder_preferences
from reminders.enums import ReminderKind
from reminders.models import Reminder
from tests.factories import UserFactory
from tests.members.factories import draft_plan, draft_report, published_plan, quick_member
from tests.reviews.factories import make_coordinator

MILESTONE = ReminderKind.MILESTONE_DUE
REPORT = ReminderKind.REPORT_DUE
PLAN = ReminderKind.ACTION_PLAN_DUE


def at(month, day):
    return datetime.datetime(2025, month, day, 13, tzinfo=UTC)


def test_member_reminders_from_milestones_to_reports(db):
    log, bodies = [], {}
    with time_machine.travel(at(1, 20), tick=False) as clock:
        coordinator = make_coordinator()
        lucia = UserFactory(email="lucia@lapaz.example", language="es")
        marc = UserFactory(email="marc@lyon.example", language="fr")
        set_reminder_preferences(user=marc, wanted=[])  # every optional reminder off
        member = quick_member(editors=[lucia, marc])
        # Two commitments, each with one milestone due on 1 March 2025.
        plan = published_plan(member, coordinator, by=lucia)
        first, second = plan.commitments.order_by("position")
        # Another member's plan, still a draft, due at the start of its period (15 March).
        late = quick_member(editors=[lucia])
        late_plan = draft_plan(late, by=lucia)
        ActionPlan.objects.filter(pk=late_plan.pk).update(starts_on=datetime.date(2025, 3, 15))

        day = at(2, 1)
        while day <= at(4, 10):
            clock.move_to(day)
            if day == at(2, 20):
                members_domain.mark_milestone_done(
                    milestone=second.milestones.get(),
                    by=lucia,
                    done_on=timezone.localdate(),
                    evidence_url="https://example.org/done",
                )
            if day == at(3, 10):
                members_domain.submit_report(report=draft_report(second), by=lucia)
            if day == at(3, 20):
                members_domain.submit_plan(plan=late_plan, by=lucia)
            before = len(mail.outbox)
            sent = send_due_reminders()
            assert send_due_reminders() == 0  # beat runs twice: nothing twice
            assert len(mail.outbox) - before == sent
            for row in Reminder.objects.filter(sent_at=timezone.now()).order_by(
                "kind", "about_id", "email"
            ):
                log.append((day.date().isoformat(), row.kind, row.about_id, row.email))
            for message in mail.outbox[before:]:
                bodies[(day.date().isoformat(), message.to[0], message.subject)] = message.body
            day += datetime.timedelta(days=1)

    m1, m2 = first.milestones.get().pk, second.milestones.get().pk
    assert log == [
        # The action plan is due at the start of its period, 15 March: 30 days before.
        ("2025-02-13", PLAN, late_plan.pk, "lucia@lapaz.example"),
        # 14 days before each milestone's day (Marc turned milestone reminders off).
        ("2025-02-16", MILESTONE, m1, "lucia@lapaz.example"),
        ("2025-02-16", MILESTONE, m2, "lucia@lapaz.example"),
        # The day before: the second milestone was done on 20 February.
        ("2025-03-01", MILESTONE, m1, "lucia@lapaz.example"),
        # The commitments ended on 1 March: reports due by 31 March, to everyone (required).
        ("2025-03-02", REPORT, first.pk, "lucia@lapaz.example"),
        ("2025-03-02", REPORT, first.pk, "marc@lyon.example"),
        ("2025-03-02", REPORT, second.pk, "lucia@lapaz.example"),
        ("2025-03-02", REPORT, second.pk, "marc@lyon.example"),
        ("2025-03-08", PLAN, late_plan.pk, "lucia@lapaz.example"),
        # The plan is late from 15 March (once); it is submitted on 20 March.
        ("2025-03-15", PLAN, late_plan.pk, "lucia@lapaz.example"),
        # A week before the report's deadline: the second report was submitted on 10 March.
        ("2025-03-25", REPORT, first.pk, "lucia@lapaz.example"),
        ("2025-03-25", REPORT, first.pk, "marc@lyon.example"),
    ]
    # A required reminder says why it cannot be turned off, in the recipient's language; an
    # optional one links to the page where it can be.
    (marc_report,) = [
        body
        for (day, to, _), body in bodies.items()
        if (day, to) == ("2025-03-25", "marc@lyon.example")
    ]
    assert "Ce rappel ne peut pas être désactivé" in marc_report
    assert "/members/" not in marc_report and "/membership/commitments/" in marc_report
    (lucia_milestone,) = [
        body
        for (day, to, _), body in bodies.items()
        if (day, to) == ("2025-03-01", "lucia@lapaz.example")
    ]
    assert "http://127.0.0.1:8000/account/reminders/" in lucia_milestone
    assert "Milestone 1" in lucia_milestone
