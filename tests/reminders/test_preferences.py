"""Each person turns off the reminders the process does not require, on their account's
reminder page; the required ones stay on and say why."""

import pytest

from reminders.domain import set_reminder_preferences, turned_off_kinds
from reminders.enums import REQUIRED_BECAUSE, ReminderKind, optional_kinds
from tests.factories import UserFactory, login
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

URL = "/account/reminders/"


def test_the_page_lists_the_optional_reminders_ticked_and_the_required_ones_with_why(client):
    user = UserFactory(language="fr")
    login(client, user)
    html = client.get(URL).content.decode()
    # An applicant's own: drafts and milestones may be turned off; reports and plans not.
    mine = [ReminderKind.DRAFT_DEADLINE, ReminderKind.MILESTONE_DUE]
    for kind in mine:
        assert f'value="{kind.value}"' in html
    assert html.count("checked") == len(mine)
    assert "Rappels toujours actifs" in html
    for kind in REQUIRED_BECAUSE:
        assert f'value="{kind.value}"' not in html  # no box to untick
    assert "Rapport de fin d&#x27;engagement à remettre" in html
    # Reviewers' and coordinators' reminders are theirs only.
    assert ReminderKind.COORDINATOR_DIGEST.value not in html
    assert "Évaluations en retard" not in html


def test_staff_see_their_roles_reminders(client):
    reviewer, coordinator = make_reviewer(), make_coordinator()
    login(client, reviewer)
    html = client.get(URL).content.decode()
    assert f'value="{ReminderKind.REVIEW_DUE.value}"' in html
    assert "Reviews overdue" in html  # required, with its reason
    assert ReminderKind.COORDINATOR_DIGEST.value not in html
    client.logout()
    login(client, coordinator)
    html = client.get(URL).content.decode()
    assert f'value="{ReminderKind.COORDINATOR_DIGEST.value}"' in html
    assert f'value="{ReminderKind.REVIEW_DUE.value}"' not in html


def test_unticking_turns_a_reminder_off_for_that_person_only(client):
    user, other = UserFactory(), UserFactory()
    login(client, user)
    wanted = [ReminderKind.MILESTONE_DUE.value]

    response = client.post(URL, {"kinds": wanted})

    assert response.status_code == 302 and response["Location"] == URL
    assert turned_off_kinds(user=user) == {ReminderKind.DRAFT_DEADLINE}
    assert turned_off_kinds(user=other) == set()
    page = client.get(URL).content.decode()
    assert "Your reminder choices were saved." in page
    assert page.count("checked") == 1

    client.post(
        URL, {"kinds": [ReminderKind.DRAFT_DEADLINE.value, ReminderKind.MILESTONE_DUE.value]}
    )
    assert turned_off_kinds(user=user) == set()


def test_a_required_reminder_cannot_be_turned_off(client):
    user = UserFactory()
    login(client, user)

    response = client.post(URL, {"kinds": [ReminderKind.REVIEW_OVERDUE.value]})

    assert response.status_code == 200  # refused: not a choice
    assert turned_off_kinds(user=user) == set()
    # Through the domain too: only the optional kinds are ever stored as turned off.
    set_reminder_preferences(user=user, wanted=[])
    assert turned_off_kinds(user=user) == set(optional_kinds())
    assert not turned_off_kinds(user=user) & set(REQUIRED_BECAUSE)


def test_the_page_needs_an_account(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
