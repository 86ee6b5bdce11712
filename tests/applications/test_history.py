"""The audit trail stores codes and ids, and reads in the reader's language."""

import pytest
from django.utils import translation

from applications import domain as application_domain
from applications.enums import EventKind
from letters import domain as letter_domain
from letters.enums import LetterKind
from tests.factories import ApplicationFactory
from tests.letters import samples
from tests.letters.test_domain import details

pytestmark = pytest.mark.django_db


def test_a_letter_event_stores_codes_and_reads_in_each_language():
    application = ApplicationFactory()
    with translation.override("es"):  # the uploader's language must not end up in the data
        letter = letter_domain.receive_letter(
            application=application,
            data=samples.pdf("Fundación Tribu supports the Municipality."),
            filename="carta.pdf",
            details=details(),
            uploaded_by=application.owner_user,
        )
    event = application.events.get(kind=EventKind.LETTER_RECEIVED)
    assert event.data == {"letter": letter.pk, "letter_kind": LetterKind.CIVIL_SOCIETY}
    assert event.detail == "Fundación Tribu"
    with translation.override("en"):
        english = event.detail_display
        assert english == f"{LetterKind.CIVIL_SOCIETY.label}: Fundación Tribu"
    with translation.override("es"):
        spanish = event.detail_display
    assert spanish != english and spanish.endswith(": Fundación Tribu")


def test_the_details_form_event_stores_a_code():
    application = ApplicationFactory()
    application_domain.record_event(
        application=application, kind=EventKind.SECTION_SAVED, data={"part": "details"}
    )
    event = application.events.get(kind=EventKind.SECTION_SAVED)
    assert event.detail == ""
    with translation.override("en"):
        assert event.detail_display == "Lead government and contact"
    with translation.override("es"):
        assert event.detail_display != "Lead government and contact"
