"""The letters page's letter items (``application_letter_items``) and the full checklist come
from one rule: at every step of an application's letters, the page lists exactly the letter
items the checklist holds, in the same order, at a fixed cost of three queries."""

import pytest

from applications.checklist import build_checklist
from letters import domain
from letters.checklist import application_letter_items
from tests.factories import ApplicationFactory, GovernmentFactory, PartnerFactory
from tests.letters import samples
from tests.letters.test_domain import details, intent_for

pytestmark = pytest.mark.django_db


def _letter_items_of_the_checklist(application):
    return [
        item
        for item in build_checklist(application).items
        if item.code.startswith("intent_") or item.code == "civil_society_letter"
    ]


def _receive(application, text, letter_details):
    domain.receive_letter(
        application=application,
        data=samples.pdf(text),
        filename="letter.pdf",
        details=letter_details,
        uploaded_by=application.owner_user,
    )


def test_the_letters_page_and_the_checklist_agree_at_every_step(django_assert_num_queries):
    application = ApplicationFactory()
    renca = GovernmentFactory(name="Municipality of Renca")
    PartnerFactory(application=application, organisation=renca, role="Joint applicant")
    codes = [
        f"intent_{application.lead_government_id}",
        f"intent_{renca.pk}",
        "civil_society_letter",
    ]
    steps = [
        lambda: None,
        lambda: _receive(
            application, "The lead intends to join.", intent_for(application.lead_government)
        ),
        lambda: _receive(application, "Renca intends to join.", intent_for(renca)),
        lambda: _receive(application, "Support.", details()),
    ]
    for done, step in enumerate(steps):
        step()
        with django_assert_num_queries(3):
            page = application_letter_items(application)
        assert page == _letter_items_of_the_checklist(application)
        assert [item.code for item in page] == codes
        assert [item.done for item in page] == [
            done >= 1,
            done >= 2,
            done >= 3,
        ]
