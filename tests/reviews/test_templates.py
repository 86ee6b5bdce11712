import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reviews import domain
from reviews.enums import DecisionOutcome
from tests.reviews.factories import make_coordinator, submitted_application

pytestmark = pytest.mark.django_db


def test_the_applicants_page_shows_the_decision_only_once_released():
    coordinator = make_coordinator()
    application = submitted_application()
    decision = domain.record_decision(
        application=application,
        outcome=DecisionOutcome.WAITLISTED,
        reason="A strong application; the cohort is full.",
        by=coordinator,
    )
    application.refresh_from_db()
    assert render_to_string("reviews/_decision.html", {"application": application}).strip() == ""

    domain.release_decisions(decisions=[decision], by=coordinator)
    application.refresh_from_db()
    with translation.override("es"):
        shown = render_to_string("reviews/_decision.html", {"application": application})

    assert "Decisión: En lista de espera" in shown
    assert "A strong application; the cohort is full." in shown
    assert 'data-decision="waitlisted"' in shown


def test_an_application_without_a_decision_shows_nothing():
    application = submitted_application()
    assert render_to_string("reviews/_decision.html", {"application": application}).strip() == ""
