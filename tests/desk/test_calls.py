"""Calls in the desk: content in every language side by side, opening a call with its missing
translations named, eligible countries, and the applications a coordinator should look at."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calls.eligibility import OGP_PARTICIPATING_COUNTRIES
from calls.models import Call, Question
from reviews.domain import add_default_criteria
from reviews.models import Criterion
from tests.desk.html_forms import form_values
from tests.factories import ApplicationFactory, CallFactory, GovernmentFactory, login
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

CALLS = "/admin/calls/call/"
TITLES = {
    "title_en": "OGP Local 2027: call for new members",
    "title_es": "OGP Local 2027: convocatoria de nuevos miembros",
    "title_fr": "OGP Local 2027 : appel à nouveaux membres",
    "title_pt": "OGP Local 2027: chamada para novos membros",
}


def upcoming_call(**fields):
    now = timezone.now()
    fields = {"opens_at": now + timedelta(days=5), "closes_at": now + timedelta(days=40)} | fields
    call = CallFactory(**(TITLES | fields))
    add_default_criteria(call=call)
    return call


@pytest.fixture
def coordinator(client):
    user = make_coordinator()
    login(client, user)
    return user


def change_url(call):
    return f"{CALLS}{call.pk}/change/"


def open_url(call):
    return f"{CALLS}{call.pk}/open/"


# Content in every language ----------------------------------------------------------------


def test_the_call_page_shows_each_text_in_every_language_side_by_side(client, coordinator):
    call = upcoming_call()

    page = client.get(change_url(call))

    assert page.status_code == 200
    html = page.content.decode()
    for code in ("en", "es", "fr", "pt"):
        assert f'name="title_{code}"' in html
        assert f'name="description_{code}"' in html
        assert f'name="sections-0-title_{code}"' in html
    assert 'name="title"' not in html
    assert "Title — Portuguese" in html
    assert 'class="module aligned desk-languages"' in html
    assert "OGP Local 2027 : appel à nouveaux membres" in html


def test_a_coordinator_saves_the_call_and_its_sections_in_every_language(client, coordinator):
    call = upcoming_call(title_pt="")
    page = client.get(change_url(call))
    data = form_values(page, "call_form")
    data["title_pt"] = "OGP Local 2027: chamada para novos membros"
    data["sections-0-description_fr"] = "Pourquoi votre gouvernement veut rejoindre OGP Local."

    response = client.post(change_url(call), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.title_pt == "OGP Local 2027: chamada para novos membros"
    assert call.title_es == TITLES["title_es"]  # the other languages kept
    section = call.sections.order_by("position", "id").first()
    assert section.description_fr == "Pourquoi votre gouvernement veut rejoindre OGP Local."
    assert section.title_pt == "Motivações e ambição"


def test_questions_are_edited_in_every_language_on_their_section(client, coordinator):
    call = upcoming_call()
    section = call.sections.order_by("position", "id").first()
    url = f"/admin/calls/section/{section.pk}/change/"
    page = client.get(url)
    assert 'name="questions-0-help_text_pt"' in page.content.decode()
    data = form_values(page, "section_form")
    data["questions-0-text_pt"] = "Por que o seu governo quer aderir à OGP Local?"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    question = Question.objects.filter(section=section).order_by("position", "id").first()
    assert question.text_pt == "Por que o seu governo quer aderir à OGP Local?"
    assert question.text_en == "Why does your government want to join OGP Local?"


def test_a_criterion_is_edited_in_every_language_through_the_domain(client, coordinator):
    call = upcoming_call()
    criterion = call.criteria.order_by("position").first()
    url = f"/admin/reviews/criterion/{criterion.pk}/change/"
    page = client.get(url)
    assert "Guidance — French" in page.content.decode()
    data = form_values(page, "criterion_form")
    data["name_fr"] = "Volonté politique"
    data["weight"] = "2"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    criterion = Criterion.objects.get(pk=criterion.pk)
    assert (criterion.name_fr, criterion.name_es) == ("Volonté politique", "Compromiso político")
    # reviews.domain.save_criterion wrote it: its history names the coordinator.
    assert criterion.history.latest().history_user == coordinator


# Missing translations and opening the call ------------------------------------------------


def call_with_gaps():
    call = upcoming_call(title_pt="")
    question = Question.objects.filter(section__call=call).order_by("id").first()
    question.text_fr = ""
    question.save()
    return call, question


def test_the_call_page_lists_the_missing_translations_before_it_opens(client, coordinator):
    call, question = call_with_gaps()

    page = client.get(change_url(call))

    html = page.content.decode()
    assert "2 texts of this call are missing a translation" in html
    assert "Missing in Portuguese: 1 text" in html
    assert "Call “OGP Local 2027: call for new members”: title in Portuguese" in html
    assert (
        f'<a href="/admin/calls/question/{question.pk}/change/">Question “Why does your '
        "government want to join OGP Local?”: question in French</a>"
    ) in html
    assert 'name="open_anyway"' in html
    assert "Open the call now" in html


def test_the_desk_refuses_to_open_a_call_with_a_missing_translation_naming_what_is_missing(
    client, coordinator
):
    call, _question = call_with_gaps()
    opens_at = call.opens_at

    response = client.post(open_url(call), follow=True)

    assert response.redirect_chain == [(change_url(call), 302)]
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("The call cannot open: translations are missing.")
    assert "Call “OGP Local 2027: call for new members”: title in Portuguese" in message
    assert "Question “Why does your government want to join OGP Local?”: question in French" in (
        message
    )
    assert "tick “Open anyway”" in message
    call.refresh_from_db()
    assert call.opens_at == opens_at
    assert not call.is_open


def test_the_refusal_reads_in_the_coordinators_language(client):
    user = make_coordinator(language="es")
    login(client, user)
    call, _question = call_with_gaps()

    response = client.post(open_url(call), follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("La convocatoria no puede abrirse")
    assert "título en Portugués" in message
    assert "Falta en Portugués: 1 texto" in response.content.decode()


def test_the_desk_opens_a_call_with_gaps_on_explicit_confirmation(client, coordinator):
    call, _question = call_with_gaps()

    response = client.post(open_url(call), {"open_anyway": "yes"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The call is open for applications."]
    call.refresh_from_db()
    assert call.is_open
    assert call.opens_at <= timezone.now()
    entry = LogEntry.objects.get(object_id=str(call.pk), user=coordinator)
    assert "Opened the call." in entry.get_change_message()
    assert "Open the call now" not in response.content.decode()
    assert "The call is open: applications are accepted until" in response.content.decode()


def test_a_complete_call_opens_without_confirmation(client, coordinator):
    call = upcoming_call()
    page = client.get(change_url(call))
    assert "Every text of this call is written in every language." in page.content.decode()
    assert 'name="open_anyway"' not in page.content.decode()

    client.post(open_url(call))

    assert Call.objects.get(pk=call.pk).is_open


def test_only_coordinators_reach_calls_and_open_them(client):
    call, _question = call_with_gaps()
    login(client, make_reviewer("KE"))

    assert client.get(change_url(call)).status_code == 403
    assert client.post(open_url(call), {"open_anyway": "yes"}).status_code == 403
    assert not Call.objects.get(pk=call.pk).is_open

    login(client, make_coordinator())
    assert client.get(open_url(call)).status_code == 403  # a POST only
    assert client.post(f"{CALLS}999999/open/").status_code == 404


# Eligibility and near duplicates ----------------------------------------------------------


def test_a_coordinator_edits_the_eligible_countries_with_a_searchable_chooser(client, coordinator):
    call = upcoming_call()
    page = client.get(change_url(call))
    html = page.content.decode()
    assert 'class="selectfilter"' in html  # Django's two-box chooser with its filter box
    assert "admin/js/SelectFilter2.js" in html
    data = form_values(page, "call_form")
    assert "CL" in data["eligible_countries"]
    data["eligible_countries"] = [c for c in data["eligible_countries"] if c != "CL"] + ["CN"]

    response = client.post(change_url(call), data)

    assert response.status_code == 302
    call.refresh_from_db()
    assert not call.accepts_country("CL")
    assert call.accepts_country("CN")
    assert call.accepts_country("PE")


def test_the_call_page_flags_countries_that_left_the_list_and_near_duplicates(client, coordinator):
    call = upcoming_call()
    chile = ApplicationFactory(
        call=call, lead_government=GovernmentFactory(name="Gobierno Regional de Santiago")
    )
    metropolitan = ApplicationFactory(
        call=call,
        lead_government=GovernmentFactory(name="Metropolitan Regional Government of Santiago"),
    )
    peru = ApplicationFactory(
        call=call, lead_government=GovernmentFactory(name="Municipalidad de Lima", country="PE")
    )
    page = client.get(change_url(call))
    assert "1 pair of applications that may be one government" in page.content.decode()
    assert "not eligible" not in page.content.decode()

    call.eligible_countries = [c for c in OGP_PARTICIPATING_COUNTRIES if c != "CL"]
    call.save()
    html = client.get(change_url(call)).content.decode()

    assert "2 applications from countries that are not eligible" in html
    for application in (chile, metropolitan):
        assert f'/admin/applications/application/{application.pk}/change/">' in html
    assert f"{peru.reference}</a>" not in html
    assert "Metropolitan Regional Government of Santiago (Chile" in html


def applications_outside_the_list(call, count):
    for index in range(count):
        ApplicationFactory(
            call=call, lead_government=GovernmentFactory(name=f"Town {index}", country="CN")
        )


def test_the_call_page_reads_a_fixed_number_of_queries(client, coordinator):
    call = upcoming_call()

    def queries_for(count):
        applications_outside_the_list(call, count)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(change_url(call))
        assert page.status_code == 200
        return len(captured)

    few = queries_for(3)
    many = queries_for(30)

    assert few == many
