import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.checklist import application_steps, build_checklist
from calls.formatting import with_time_zone
from tests.factories import ApplicationFactory, CallFactory, complete_application, login

pytestmark = pytest.mark.django_db


def test_the_front_door_shows_the_open_call_and_how_to_apply(client):
    call = CallFactory(title="OGP Local 2027")
    past = CallFactory(
        title="OGP Local 2024",
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
        results_published_at=timezone.now() - timedelta(days=200),
    )

    response = client.get(reverse("front_door"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "OGP Local 2027" in page
    assert f"{with_time_zone(call.closes_at)}</time>" in page  # the deadline with its zone
    assert with_time_zone(call.closes_at).endswith(" UTC")
    assert "countries taking part in the Open Government Partnership" in page
    assert "letter of intent from each government" in page
    start = reverse("application_start", kwargs={"slug": call.slug})
    assert f'href="{reverse("account_signup")}?next={start}"' in page
    assert (
        f'<a href="{reverse("call_record", kwargs={"slug": past.slug})}">OGP Local 2024</a>' in page
    )


def test_the_front_door_speaks_the_visitors_language(client):
    CallFactory()

    page = client.get(reverse("front_door"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es">' in page
    assert "Plazo:" in page


def test_the_front_door_query_count_does_not_grow_with_calls(client):
    CallFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("front_door"))
    for _ in range(3):
        CallFactory()
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("front_door"))
    assert len(four) == len(one)


def test_the_call_page_lists_the_eligible_countries(client):
    call = CallFactory()

    page = client.get(call.get_absolute_url()).content.decode()

    assert "Chile" in page and "China" not in page
    assert "Sign up to apply" in page


def test_the_next_step_moves_along_the_path():
    application = ApplicationFactory()
    steps, next_step = application_steps(application, build_checklist(application))
    assert [step.code for step in steps] == ["details", "partners", "sections", "letters", "submit"]
    assert next_step.code == "details"

    complete_application(application)
    steps, next_step = application_steps(application, build_checklist(application))
    assert next_step.code == "submit"
    assert next_step.url == reverse(
        "application_submit", kwargs={"reference": application.reference}
    )


def test_after_a_save_the_page_says_what_is_still_missing(client):
    application = ApplicationFactory()
    login(client, application.owner_user)
    section = application.call.sections.first()
    url = reverse(
        "section_edit", kwargs={"reference": application.reference, "section_id": section.pk}
    )

    response = client.post(url, {"version": 0}, follow=True)

    # The page the save leads to says it, from the checklist it builds for its guide anyway.
    alert = html.unescape(response.content.decode()).split('class="alert alert-success">')[1]
    assert alert.startswith(
        f"“{section.title}” saved. Still missing: Lead office and point of contact;"
    )
