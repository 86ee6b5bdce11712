"""A person takes their data away, then has it erased: their name and e-mail address are
nowhere left in the database or the files, and the public record is as it was."""

import datetime
import io
import json
import os
import uuid
import zipfile

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from applications.models import Application
from members.enums import EventKind
from members.models import ActionPlan, Member, MemberEditorInvitation, MemberEvent
from monitoring import domain as monitoring_domain
from publication.queries import public_application_rows, public_letter_rows
from reviews import domain
from reviews.enums import DecisionOutcome
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    UserFactory,
    complete_application,
    enrol_totp,
    login,
    totp_code,
)
from tests.members.factories import draft_plan, published_plan, quick_member
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application

NAME = "Xiomara Quintanilla"
EMAIL = "xiomara.quintanilla@example.net"


def occurrences(text):
    """(table, column) of every text column, in every table, that holds ``text``."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = current_schema()
                 AND data_type IN ('text', 'character varying', 'jsonb', 'json')"""
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE strpos(lower("{column}"::text), lower(%s)) > 0',
                [text],
            )
            if cursor.fetchone()[0]:
                found.append((table, column))
    return found


def files_holding(text):
    root = storages["private"].location
    needle = text.encode()
    return [
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if needle in open(os.path.join(folder, name), "rb").read()  # noqa: SIM115
    ]


def public_record(call):
    return list(public_application_rows(call)), list(public_letter_rows(call))


def members_and_monitors(person):
    """The person invited to edit a member and to monitor another, and named in the member's
    history, each time in another letter case."""
    coordinator = make_coordinator()
    member = quick_member(name="Municipio de Sucre", editors=[UserFactory()])
    # A draft plan that names the person is erased; a published one is the public record.
    for plan in (
        draft_plan(member),
        published_plan(quick_member(editors=[UserFactory()]), coordinator),
    ):
        ActionPlan.objects.filter(pk=plan.pk).update(co_creation=f"Sessions led by {NAME}.")
    MemberEditorInvitation.objects.create(
        member=member,
        email=EMAIL.title(),
        token_hash=uuid.uuid4().hex,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        invited_by=coordinator,
    )
    MemberEvent.objects.create(
        member=member,
        kind=EventKind.EDITOR_INVITED,
        comment=f"Invited {NAME.upper()} <{EMAIL.upper()}> to edit.",
        actor=coordinator,
        created_at=timezone.now(),
    )
    body = monitoring_domain.name_monitoring_body(
        member=quick_member(name="Municipio de Tarija"), name="Observatorio Tarija", by=coordinator
    )
    monitoring_domain.invite_monitor(
        body=body, email=EMAIL.upper(), by=coordinator, accept_url_for=str
    )


def public_members():
    members = Member.objects.order_by("pk").values("name", "country", "year_joined")
    plans = ActionPlan.objects.filter(status="published").values("title", "co_creation")
    return list(members), list(plans)


@pytest.fixture
def person(db):
    return UserFactory(full_name=NAME, email=EMAIL)


@pytest.fixture
def published_call(person):
    """A call whose results are published; the person edited its admitted application."""
    coordinator = make_coordinator()
    call = call_with_criteria()
    application = submitted_application(call=call, country="CL")
    Application.objects.filter(pk=application.pk).update(publication_consent=True)
    application.editors.create(user=person, role="editor")
    decision = domain.record_decision(
        application=application, outcome=DecisionOutcome.ADMITTED, reason="Yes.", by=coordinator
    )
    domain.release_decisions(decisions=[decision], by=coordinator)
    call.results_published_at = timezone.now()
    call.save()
    return call


def test_a_person_downloads_then_erases_their_data(client, person, published_call):
    draft = complete_application(ApplicationFactory(owner=person), user=person)
    # Written in other letter cases, and in the members' and monitoring's tables.
    Application.objects.filter(pk=draft.pk).update(contact_name=NAME, contact_email=EMAIL.upper())
    members_and_monitors(person)
    before = public_record(published_call)
    member_pages = public_members()
    assert occurrences(EMAIL) and occurrences(NAME)
    login(client, person)

    page = client.get(reverse("your_data"))
    assert page.status_code == 200
    response = client.post(reverse("your_data_download"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        data = json.loads(zf.read("your-data.json"))
        letters = [name for name in zf.namelist() if name.startswith("letters/")]
    assert data["account"]["email"] == EMAIL
    assert {row["reference"] for row in data["applications"]} >= {draft.reference}
    assert len(letters) == len(data["letters_uploaded"]) > 0
    invited = {row["email"] for row in data["invitations_to_you"]}
    assert invited == {EMAIL.title(), EMAIL}  # the member's and the monitoring body's

    refused = client.post(reverse("your_data_erase"))
    assert refused.status_code == 400
    person.refresh_from_db()
    assert person.is_active and person.email == EMAIL  # nothing erased without the tick

    # Ticked, but the password must be given again first: nothing is erased meanwhile.
    erase_url = reverse("your_data_erase")
    asked = client.post(erase_url, {"confirm": "erase"})
    reauthenticate = f"{reverse('account_reauthenticate')}?{urlencode({'next': erase_url})}"
    assert (asked.status_code, asked["Location"]) == (302, reauthenticate)
    wrong = client.post(reauthenticate, {"password": "not the password"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    person.refresh_from_db()
    assert person.is_active and person.email == EMAIL and occurrences(EMAIL)

    # The right password: the erasure asked for goes on, in the same flow.
    erased = client.post(reauthenticate, {"password": PASSWORD})

    assert erased.status_code == 200
    assert "The applications you worked on that were submitted" in erased.content.decode()
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert occurrences(EMAIL) == []
    assert occurrences(NAME) == [("members_actionplan", "co_creation")]  # the published plan
    assert ActionPlan.objects.filter(co_creation__contains=NAME).get().status == "published"
    assert files_holding(EMAIL) == [] and files_holding(NAME) == []
    assert public_record(published_call) == before
    assert public_members() == member_pages
    # The draft stays with its answers, the person's letters without their signatory names.
    assert draft.answers.exists()
    assert not client.login(email=EMAIL, password="x")
    assert client.get(reverse("your_data")).status_code == 302


def test_staff_confirm_erasure_with_a_code_from_their_authenticator(client):
    """Staff with an authenticator are asked for its code, not their password."""
    reviewer = enrol_totp(UserFactory(full_name=NAME, email=EMAIL, is_staff=True))
    login(client, reviewer)
    erase_url = reverse("your_data_erase")

    asked = client.post(erase_url, {"confirm": "erase"})

    reauthenticate = f"{reverse('mfa_reauthenticate')}?{urlencode({'next': erase_url})}"
    assert (asked.status_code, asked["Location"]) == (302, reauthenticate)
    reviewer.refresh_from_db()
    assert reviewer.is_active and reviewer.email == EMAIL

    erased = client.post(reauthenticate, {"code": totp_code()})

    assert erased.status_code == 200
    reviewer.refresh_from_db()
    assert not reviewer.is_active and occurrences(EMAIL) == []
