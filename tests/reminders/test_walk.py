"""One call from its opening to its results, on a frozen clock, with beat run twice a day:
which reminders go out on which day, to whom, in which language; none twice; none after the
thing reminded of is done (submitted, uploaded, withdrawn, reviewed, decided)."""

import datetime
import re
from datetime import UTC

import time_machine
from django.core import mail
from django.utils import timezone, translation

from applications import domain as applications_domain
from applications.checklist import build_checklist
from letters import domain as letters_domain
from letters.enums import LetterKind
from letters.tokens import invitation_from_token
from reminders.domain import send_due_reminders, set_reminder_preferences
from reminders.enums import ReminderKind, optional_kinds
from reminders.models import Reminder
from reviews import domain as reviews_domain
from reviews.models import Assignment
from tests.factories import ApplicationFactory, UserFactory, complete_application
from tests.letters import samples
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
)

DRAFT = ReminderKind.DRAFT_DEADLINE
LETTER = ReminderKind.LETTER_INVITATION
DUE = ReminderKind.REVIEW_DUE
OVERDUE = ReminderKind.REVIEW_OVERDUE
DIGEST = ReminderKind.COORDINATOR_DIGEST


def at(month, day, hour=13):
    return datetime.datetime(2027, month, day, hour, tzinfo=UTC)


def invite(application, email):
    return letters_domain.invite_letter_author(
        application=application,
        organisation_name="Fundación Tribu",
        email=email,
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=str,
    )


def upload(invitation):
    letters_domain.receive_letter(
        application=invitation.application,
        data=samples.pdf("Fundación Tribu supports the application."),
        filename="support.pdf",
        details={
            "kind": LetterKind.CIVIL_SOCIETY,
            "government": None,
            "author_organisation": "Fundación Tribu",
            "signatory_name": "Tomás Rivas",
            "signatory_title": "Director",
            "signed_on": timezone.localdate(),
            "language": "es",
        },
        invitation=invitation,
    )


def beat_twice(log, messages):
    """Run beat's work twice at the frozen moment; the second run sends nothing."""
    before = len(mail.outbox)
    first = send_due_reminders()
    second = send_due_reminders()
    assert second == 0
    sent = mail.outbox[before:]
    assert len(sent) == first
    now = timezone.now()
    rows = Reminder.objects.filter(sent_at=now).order_by("kind", "email", "id")
    for row in rows:
        # The e-mail went to that person, rendered in that language.
        (message,) = [m for m in sent if m.to == [row.email]]
        assert f'<html lang="{row.language}">' in message.alternatives[0][0]
        log.append((now.date().isoformat(), row.kind, row.email, row.language, row.occasion))
        messages[(now.date().isoformat(), row.email)] = message
    assert len(rows) == first


def test_one_call_from_opening_to_results(db, django_capture_on_commit_callbacks):
    log, messages = [], {}
    with time_machine.travel(at(3, 1, 0), tick=False) as clock:
        call = call_with_criteria(
            opens_at=at(3, 1, 0),
            closes_at=at(4, 1, 12),
            review_deadline=at(4, 30, 12),
        )
        coordinator = make_coordinator(email="kim@ogp.example", language="en")
        ana = UserFactory(email="ana@lapaz.example", language="es")
        bruno = UserFactory(email="bruno@lyon.example", language="fr")
        carla = UserFactory(email="carla@recife.example", language="pt")
        a = ApplicationFactory(call=call, owner=ana, lead_government__name="La Paz")
        b = ApplicationFactory(call=call, owner=bruno, lead_government__name="Lyon")
        ApplicationFactory(call=call, owner=carla, lead_government__name="Recife")
        set_reminder_preferences(
            user=carla, wanted=[kind for kind in optional_kinds() if kind != DRAFT]
        )
        a.language = "es"
        a.save(update_fields=["language"])
        b = complete_application(b)
        b.language = "fr"
        b.save(update_fields=["language"])
        with django_capture_on_commit_callbacks(execute=True):
            waits = invite(a, "ngo1@tribu.example")  # never uploads
            uploads = invite(a, "ngo2@tribu.example")  # uploads on 26 March
            withdrawn = invite(a, "ngo3@tribu.example")  # withdrawn on 27 March
            invite(b, "ngo4@tribu.example")  # B is submitted on 30 March
        remi = make_reviewer(email="remi@committee.example", language="fr")
        sofia = make_reviewer(email="sofia@committee.example", language="pt")

        day = at(3, 1)
        while day <= at(5, 20):
            clock.move_to(day)
            if day == at(3, 26):
                upload(uploads)
            if day == at(3, 27):
                letters_domain.revoke_invitation(invitation=withdrawn, user=ana)
            if day == at(3, 30):
                with django_capture_on_commit_callbacks(execute=True):
                    applications_domain.submit_application(
                        application=b, user=bruno, acknowledge_term_warning=True
                    )
            if day == at(4, 2):
                into_committee_review(b, coordinator)
                for reviewer in (remi, sofia):
                    reviews_domain.assign_reviewer(
                        application=b, reviewer=reviewer, assigned_by=coordinator
                    )
            if day == at(4, 25):
                submit_scores(Assignment.objects.get(reviewer=sofia), 4)
            if day == at(5, 10):
                decision = reviews_domain.record_decision(
                    application=b, outcome="admitted", reason="Strong.", by=coordinator
                )
                with django_capture_on_commit_callbacks(execute=True):
                    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
            beat_twice(log, messages)
            day += datetime.timedelta(days=1)

    digests = [entry for entry in log if entry[1] == DIGEST]
    others = [entry for entry in log if entry[1] != DIGEST]
    assert others == [
        # 14 days before the close: the drafts' editors (not Carla, who turned them off).
        ("2027-03-18", DRAFT, "ana@lapaz.example", "es", "before:14"),
        ("2027-03-18", DRAFT, "bruno@lyon.example", "fr", "before:14"),
        # 7 days before: every invitee without a letter, in the application's language.
        ("2027-03-25", LETTER, "ngo1@tribu.example", "es", "before:7"),
        ("2027-03-25", LETTER, "ngo2@tribu.example", "es", "before:7"),
        ("2027-03-25", LETTER, "ngo3@tribu.example", "es", "before:7"),
        ("2027-03-25", LETTER, "ngo4@tribu.example", "fr", "before:7"),
        ("2027-03-29", DRAFT, "ana@lapaz.example", "es", "before:3"),
        ("2027-03-29", DRAFT, "bruno@lyon.example", "fr", "before:3"),
        # 2 days before: only the one who neither uploaded, was withdrawn nor submitted.
        ("2027-03-30", LETTER, "ngo1@tribu.example", "es", "before:2"),
        # 1 day before: Bruno submitted yesterday, Ana did not.
        ("2027-03-31", DRAFT, "ana@lapaz.example", "es", "before:1"),
        # The reviewers, 7 days and 1 day before the review deadline, then once overdue;
        # Sofia submitted on 25 April.
        ("2027-04-23", DUE, "remi@committee.example", "fr", "before:7"),
        ("2027-04-23", DUE, "sofia@committee.example", "pt", "before:7"),
        ("2027-04-29", DUE, "remi@committee.example", "fr", "before:1"),
        ("2027-04-30", OVERDUE, "remi@committee.example", "fr", "overdue"),
    ]
    # The coordinator: one digest in a week where something waits on them, on its first day
    # (B at the completeness check; then Rémi's overdue review until the decision is
    # released), none in the weeks where nothing waits nor after the results.
    assert [(day, email, language) for day, _, email, language, _ in digests] == [
        ("2027-03-30", "kim@ogp.example", "en"),
        ("2027-04-30", "kim@ogp.example", "en"),
        ("2027-05-03", "kim@ogp.example", "en"),
    ]

    # Ana's last reminder names, in Spanish, what the checklist still misses, and links to it.
    last = messages[("2027-03-31", "ana@lapaz.example")]
    with translation.override("es"):
        missing = [item.missing or item.label for item in build_checklist(a).missing]
    assert missing and all(f"- {item}" in last.body for item in missing)
    assert f"http://127.0.0.1:8000/applications/{a.reference}/" in last.body
    assert "UTC" in last.body  # the deadline says its time zone
    # The invitee's reminder carries a link that opens their invitation.
    token = re.search(
        r"/letters/invitation/(\S+)/", messages[("2027-03-30", "ngo1@tribu.example")].body
    )
    assert invitation_from_token(token.group(1)) == waits
