"""Every reminder e-mail reads in Spanish, French and Portuguese: no sentence of the English
text is left in them (only links, references and what people wrote)."""

import datetime
from types import SimpleNamespace

import pytest

from applications.mail import render_mail
from reminders.enums import REQUIRED_BECAUSE, ReminderKind

MOMENT = datetime.datetime(2027, 4, 1, 12, tzinfo=datetime.UTC)
CALL = SimpleNamespace(title="OGP Local 2027", closes_at=MOMENT, review_deadline=MOMENT)
APPLICATION = SimpleNamespace(
    reference="OGPL-2027-0001", call=CALL, lead_government=SimpleNamespace(name="La Paz")
)
PERSON = SimpleNamespace(get_full_name=lambda: "Ana Quispe")
COMMITMENT = SimpleNamespace(title="Bicentennial Datathon")
CONTEXTS = {
    ReminderKind.DRAFT_DEADLINE: {
        "application": APPLICATION,
        "call": CALL,
        "days": 3,
        "missing": ["Letters: ask the mayor for the letter of intent."],
    },
    ReminderKind.LETTER_INVITATION: {
        "application": APPLICATION,
        "call": CALL,
        "invitation": SimpleNamespace(organisation_name="Fundación Tribu"),
        "days": 2,
    },
    ReminderKind.REVIEW_DUE: {"call": CALL, "applications": [APPLICATION, APPLICATION]},
    ReminderKind.REVIEW_OVERDUE: {"call": CALL, "applications": [APPLICATION]},
    ReminderKind.MILESTONE_DUE: {
        "milestone": SimpleNamespace(title="Datasets published", due_on=MOMENT.date()),
        "commitment": COMMITMENT,
    },
    ReminderKind.REPORT_DUE: {"commitment": COMMITMENT, "due_on": MOMENT.date()},
    ReminderKind.ACTION_PLAN_DUE: {
        "plan": SimpleNamespace(title="Action plan 2027", starts_on=MOMENT.date())
    },
    ReminderKind.COORDINATOR_DIGEST: {"completeness": 2, "overdue_reviews": 1, "unreleased": 0},
}


def rendered(kind, language):
    context = {
        **CONTEXTS[kind],
        "recipient": None if kind == ReminderKind.LETTER_INVITATION else PERSON,
        "link": "https://portal.example/next/",
        "required_because": REQUIRED_BECAUSE.get(kind, ""),
        "preferences_link": "https://portal.example/account/reminders/",
    }
    return render_mail(template=f"reminders/emails/{kind}", context=context, language=language)


def sentences(text):
    """The lines of our own words: not links, references, nor what people wrote."""
    return {
        line
        for line in text.splitlines()
        if line.strip()
        and not line.startswith(("http", "> ", "- OGPL"))
        and line.strip() not in ("Ana Quispe", "La Paz")
        # The checklist's items, given here as data: in use they are built in the language.
        and line.removeprefix("- ") not in CONTEXTS[ReminderKind.DRAFT_DEADLINE]["missing"]
    }


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
@pytest.mark.parametrize("kind", list(ReminderKind))
def test_each_reminder_reads_in_the_language(kind, language):
    subject_en, body_en = rendered(kind, "en")
    subject, body = rendered(kind, language)
    assert subject != subject_en and subject.startswith("[OGP Local] ")
    assert sentences(body) and not sentences(body) & sentences(body_en)
    assert "https://portal.example/next/" in body  # what to do next, with its link
    if kind in REQUIRED_BECAUSE:
        assert str(REQUIRED_BECAUSE[kind]) not in body  # the English reason
    elif kind != ReminderKind.LETTER_INVITATION:
        assert "https://portal.example/account/reminders/" in body
