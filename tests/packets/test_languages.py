"""The packet reads the call (title, sections, questions) in the application's language."""

import pytest
from django.utils import translation

from calls.models import Question, Section
from packets import domain
from tests.factories import CallFactory
from tests.packets.helpers import (
    current_packet,
    normalised,
    packet_text,
    read_packet,
    submitted_application,
)

pytestmark = pytest.mark.django_db

TITLES = {
    "en": "OGP Local 2026: call for new members",
    "es": "OGP Local 2026: convocatoria de nuevos miembros",
    "fr": "OGP Local 2026 : appel à nouveaux membres",
    "pt": "OGP Local 2026: chamada para novos membros",
}


def call_texts(call, language):
    """The call's title, section titles and question texts as a reader of ``language`` sees them."""
    with translation.override(language):
        sections = Section.objects.filter(call=call)
        questions = Question.objects.active().filter(section__call=call)
        return [call.title, *(s.title for s in sections), *(q.text for q in questions)]


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_packet_reads_the_call_in_the_applications_language(language):
    call = CallFactory(
        title=TITLES["en"], **{f"title_{code}": title for code, title in TITLES.items()}
    )
    with translation.override(language):  # the test answers quote the questions as read
        application = submitted_application(language=language, call=call)

    packet = domain.render_packet(packet=current_packet(application))

    text = normalised(packet_text(read_packet(packet))).upper()
    translated, english = call_texts(call, language), call_texts(call, "en")
    assert len(translated) == len(english) > 10
    missing = [item for item in translated if normalised(item).upper() not in text]
    assert not missing, f"{language} texts absent from the packet: {missing}"
    leaked = [item for item in english if normalised(item).upper() in text]
    assert not leaked, f"English texts in a {language} packet: {leaked}"
