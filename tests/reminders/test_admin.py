"""What went to whom, on the desk: read-only, coordinators only, filtered; its query count does
not grow with the reminders listed."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.enums import ReminderKind
from reminders.models import Reminder
from tests.factories import ApplicationFactory, login
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

LIST = "/admin/reminders/reminder/"


def reminders_about(count, language="es"):
    rows = []
    for _ in range(count):
        application = ApplicationFactory()
        rows.append(
            Reminder(
                kind=ReminderKind.DRAFT_DEADLINE,
                occasion="before:3",
                recipient=application.owner_user,
                email=application.owner_user.email,
                language=language,
                call=application.call,
                about_type=ContentType.objects.get_for_model(application),
                about_id=application.pk,
            )
        )
    return Reminder.objects.bulk_create(rows)


def test_coordinators_see_what_went_to_whom_with_filters(client):
    (first,) = reminders_about(1, language="es")
    (second,) = reminders_about(1, language="pt")
    login(client, make_coordinator())

    page = client.get(LIST)

    assert page.status_code == 200
    html = page.content.decode()
    assert first.email in html and second.email in html
    assert "3 days before the deadline" in html
    assert first.about.reference in html
    assert " UTC" in html  # the moment each was sent, with its time zone
    only_pt = client.get(LIST, {"language__exact": "pt"})
    assert [row.pk for row in only_pt.context["cl"].result_list] == [second.pk]
    by_call = client.get(LIST, {"call__id__exact": first.call_id})
    assert [row.pk for row in by_call.context["cl"].result_list] == [first.pk]
    # Read-only: nothing is added, changed or deleted here.
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{first.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{LIST}{first.pk}/change/", {"email": "x@example.org"}).status_code == 403
    first.refresh_from_db()
    assert first.email != "x@example.org"


def test_reviewers_do_not_see_the_reminders(client):
    reminders_about(1)
    login(client, make_reviewer())
    assert client.get(LIST).status_code == 403


def test_the_list_reads_a_fixed_number_of_queries(client):
    login(client, make_coordinator())

    def queries_for(count):
        Reminder.objects.all().delete()
        reminders_about(count)
        client.get(LIST)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    assert queries_for(3) == queries_for(30)
