"""Bugs a first-time applicant met (issue 13), each shown on the page where it was seen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications import domain
from applications.forms import GovernmentForm, SectionForm, StartApplicationForm
from calls.enums import QuestionKind
from calls.models import Question
from letters.models import Letter
from tests.factories import (
    ApplicationFactory,
    GovernmentFactory,
    UserFactory,
    complete_application,
    login,
)

pytestmark = pytest.mark.django_db


def detail_page(client, application, user=None):
    login(client, user or application.owner_user)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_application_shows_no_population_rather_than_none(client):
    application = ApplicationFactory(lead_government=GovernmentFactory(population=None))

    page = detail_page(client, application)

    assert "None" not in page
    assert '<dd class="col-sm-8">—</dd>' in page


def test_population_is_grouped_for_the_reader(client):
    application = ApplicationFactory(lead_government=GovernmentFactory(population=1234567))
    user = application.owner_user
    user.language = "es"
    user.save()

    assert "1\xa0234\xa0567" in detail_page(client, application, user)


def test_a_date_answer_is_shown_as_a_date_in_the_readers_language(client):
    application = ApplicationFactory()
    question = Question.objects.filter(section__call=application.call).first()
    question.kind = QuestionKind.DATE
    question.save()
    application.answers.create(question=question, value="2023-06-16")
    user = application.owner_user
    user.language = "es"
    user.save()

    page = detail_page(client, application, user)

    assert "2023-06-16" not in page
    assert "16 de junio de 2023" in page


def test_a_long_email_wraps_only_at_its_at_sign_or_dots(client):
    application = ApplicationFactory(
        contact_email="coordinacion.gobierno.abierto@municipalidaddepenalolen.example.cl"
    )

    page = detail_page(client, application)

    assert (
        '<span class="email">coordinacion<wbr>.gobierno<wbr>.abierto@<wbr>'
        "municipalidaddepenalolen<wbr>.example<wbr>.cl</span>"
    ) in page


def test_section_forms_mark_the_questions_the_checklist_requires():
    application = ApplicationFactory()
    section = application.call.sections.first()
    questions = list(section.questions.active())
    questions[-1].required = False
    form = SectionForm(questions=questions, answers={}, initial={"version": 0})

    for question in questions[:-1]:
        assert form.fields[question.field_name].label.endswith(" *")
        assert form.fields[question.field_name].widget.attrs["aria-required"] == "true"
    assert not form.fields[questions[-1].field_name].label.endswith("*")
    # A draft may still be saved without them.
    assert not any(field.required for name, field in form.fields.items() if name != "version")


def test_the_start_form_requires_the_term_end_and_the_details_form_marks_it():
    start = StartApplicationForm(
        data={
            "name": "Municipality of Renca",
            "country": "CL",
            "government_level": "municipal",
            "language": "en",
        }
    )
    assert not start.is_valid()
    assert "term_ends_on" in start.errors
    assert start.fields["term_ends_on"].required

    details = GovernmentForm()
    for name in ["population", "term_ends_on"]:
        assert details.fields[name].label.endswith(" *")


@pytest.mark.parametrize("language", ["en", "es"])
def test_date_fields_read_the_same_whatever_the_browsers_locale(language):
    with translation.override(language):
        form = StartApplicationForm(
            data={
                "name": "Municipality of Renca",
                "country": "CL",
                "government_level": "municipal",
                "language": "en",
                "term_ends_on_0": "1",
                "term_ends_on_1": "6",
                "term_ends_on_2": "2029",
            }
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["term_ends_on"] == datetime.date(2029, 6, 1)
        html = str(form["term_ends_on"])
    assert 'type="date"' not in html
    assert ("Junio" if language == "es" else "June") in html


def test_an_impossible_date_is_refused_with_a_message():
    form = StartApplicationForm(
        data={
            "name": "Municipality of Renca",
            "country": "CL",
            "government_level": "municipal",
            "language": "en",
            "term_ends_on_0": "31",
            "term_ends_on_1": "2",
            "term_ends_on_2": "2029",
        }
    )
    assert not form.is_valid()
    assert form.errors["term_ends_on"] == ["Enter a valid date."]


def test_the_first_packet_is_not_called_a_new_version(client):
    application = complete_application(ApplicationFactory())
    domain.submit_application(application=application, user=application.owner_user)

    page = detail_page(client, application)

    assert "The packet is being prepared." in page
    assert "new version" not in page


def test_the_applicants_letter_row_says_the_certificate_is_not_verified(client):
    application = complete_application(ApplicationFactory())
    Letter.objects.filter(application=application).update(
        signature_status="intact", signature_signer="Ana Pérez", signature_time=timezone.now()
    )

    page = detail_page(client, application)

    assert "Digitally signed by Ana Pérez" in page
    assert "certificate is not verified." in page


def test_applicants_see_staff_as_ogp_local_in_the_activity_list(client):
    application = ApplicationFactory()
    coordinator = UserFactory(email="coordinator@ogp.example", full_name="", is_staff=True)
    domain.record_event(
        application=application,
        kind="status_changed",
        actor=coordinator,
        from_status="draft",
        to_status="submitted",
    )

    page = detail_page(client, application)

    assert "coordinator@" not in page
    assert "(OGP Local)" in page


def test_sign_in_is_called_the_same_in_the_navigation_and_on_the_page(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "Log in" not in page
    assert page.count("Sign In") >= 3  # navigation, heading, button
