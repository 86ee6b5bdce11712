"""Each person turns off the reminders the process does not require, on their account's
reminder page; the required ones stay on and say why."""

import pytest

from reminders.domain import set_reminder_preferences, turned_off_kinds
from reminders.enums import REQUIRED_BECAUSE, ReminderKind, optional_kinds
from tests.factories import UserFactory, login

pytestmark = pytest.mark.django_db

URL = "/account/reminders/"


def test_the_page_lists_the_optional_reminders_ticked_and_the_required_ones_with_why(client):
    user = UserFactory(language="fr")
    login(client, user)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for kind in optional_kinds():
        assert f'value="{kind.value}"' in html
    assert html.count("checked") == len(optional_kinds())
    assert "Rappels toujours actifs" in html
    for kind in REQUIRED_BECAUSE:
        assert f'value="{kind.value}"' not in html  # no box to untick


def test_unticking_turns_a_reminder_off_for_that_person_only(client):
    user, other = UserFactory(), UserFactory()
    login(client, user)
    wanted = [kind.value for kind in optional_kinds() if kind != ReminderKind.DRAFT_DEADLINE]

    response = client.post(URL, {"kinds": wanted})

    assert response.status_code == 302 and response["Location"] == URL
    assert turned_off_kinds(user=user) == {ReminderKind.DRAFT_DEADLINE}
    assert turned_off_kinds(user=other) == set()
    page = client.get(URL).content.decode()
    assert "Your reminder choices were saved." in page
    assert page.count("checked") == len(optional_kinds()) - 1

    client.post(URL, {"kinds": [kind.value for kind in optional_kinds()]})
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
