"""The call's page in the desk, in a browser, in English and Spanish: every language side by
side, the missing translations, opening the call, the eligible countries' chooser (under the
strict CSP), and the axe-core check."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from calls.eligibility import OGP_PARTICIPATING_COUNTRIES
from calls.models import Call, Question
from reviews.domain import add_default_criteria
from tests.browser.axe import assert_accessible
from tests.browser.staff import log_into_admin
from tests.factories import ApplicationFactory, CallFactory, GovernmentFactory
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    now = timezone.now()
    call = CallFactory(
        title_en="OGP Local 2027: call for new members",
        title_es="OGP Local 2027: convocatoria de nuevos miembros",
        title_fr="OGP Local 2027 : appel à nouveaux membres",
        title_pt="",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=40),
        eligible_countries=[c for c in OGP_PARTICIPATING_COUNTRIES if c != "CL"],
    )
    add_default_criteria(call=call)
    question = Question.objects.filter(section__call=call).order_by("id").first()
    question.text_fr = ""
    question.save()
    for name in ("Gobierno Regional de Santiago", "Metropolitan Regional Government of Santiago"):
        ApplicationFactory(call=call, lead_government=GovernmentFactory(name=name, country="CL"))
    return {"call": call, "coordinator": make_coordinator(full_name="Carla Coordinator")}


def test_the_call_page_in_english_and_spanish(live_server, page, scene, screenshot):
    call = scene["call"]
    log_into_admin(page, live_server.url, scene["coordinator"])
    page.goto(f"{live_server.url}/admin/calls/call/{call.pk}/change/")

    expect(page.get_by_label("Title — Spanish").first).to_have_value(
        "OGP Local 2027: convocatoria de nuevos miembros"
    )
    expect(page.get_by_label("Title — Portuguese").first).to_have_value("")
    opening = page.locator("#call-opening")
    expect(opening).to_contain_text("2 texts of this call are missing a translation")
    expect(opening).to_contain_text(
        "Call “OGP Local 2027: call for new members”: title in Portuguese"
    )
    flags = page.locator("#call-flags")
    expect(flags).to_contain_text("2 applications from countries that are not eligible")
    expect(flags).to_contain_text("1 pair of applications that may be one government")
    # The eligible countries' chooser runs (Django's SelectFilter2.js, a static file).
    expect(page.locator("#id_eligible_countries_input")).to_be_visible()
    page.locator("#id_eligible_countries_input").press_sequentially("Chil")  # keyup filters
    expect(page.locator("#id_eligible_countries_from option")).to_have_text(["Chile"])
    # Its filter boxes and the split date and time boxes have names (desk/static/desk).
    expect(page.locator("#id_eligible_countries_input")).to_have_accessible_name(
        "Type into this box to filter down the list of available eligible countries."
    )
    expect(page.locator("#id_opens_at_0")).to_have_accessible_name(re.compile(r"Date:"))
    expect(page.locator("#id_opens_at_1")).to_have_accessible_name("Time:")
    screenshot(page, "desk-call-change-en")
    assert_accessible(page, "desk-call-change-en")

    # Refused without the confirmation, naming what is missing.
    page.get_by_role("button", name="Open the call now").click()
    expect(page.locator(".messagelist .error")).to_contain_text(
        "The call cannot open: translations are missing."
    )
    expect(page.locator(".messagelist .error")).to_contain_text("title in Portuguese")
    assert not Call.objects.get(pk=call.pk).is_open

    # In Spanish, then opened with the explicit confirmation.
    coordinator = scene["coordinator"]
    coordinator.language = "es"
    coordinator.save(update_fields=["language"])
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Título — Portugués").first).to_be_visible()
    expect(page.locator("#call-opening")).to_contain_text("Falta en Portugués: 1 texto")
    expect(page.locator("#id_closes_at_1")).to_have_accessible_name("Hora:")
    screenshot(page, "desk-call-change-es")
    assert_accessible(page, "desk-call-change-es")
    page.get_by_label(
        "Abrir de todos modos, aunque falten las traducciones indicadas arriba"
    ).check()
    page.get_by_role("button", name="Abrir la convocatoria ahora").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "La convocatoria está abierta a postulaciones."
    )
    assert Call.objects.get(pk=call.pk).is_open
