import pytest

from calls.enums import CallPhase, QuestionKind
from calls.models import Question
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_a_new_call_gets_the_default_form_with_every_kind_of_question():
    call = CallFactory()

    titles = list(call.sections.values_list("title", flat=True))
    kinds = set(Question.objects.filter(section__call=call).values_list("kind", flat=True))

    assert titles[0] == "Reasons and ambition"
    assert "Co-creation and monitoring" in titles
    assert {
        QuestionKind.LONG_TEXT,
        QuestionKind.SHORT_TEXT,
        QuestionKind.NUMBER,
        QuestionKind.DATE,
        QuestionKind.CHOICE,
    } == kinds


def test_default_form_is_not_added_twice():
    call = CallFactory()
    count = call.sections.count()
    from calls.domain import add_default_form

    add_default_form(call=call)
    assert call.sections.count() == count


def test_phase_is_derived_from_the_clock():
    call = CallFactory(default_form=False)
    assert call.phase(now=call.opens_at) == CallPhase.OPEN
    assert call.phase(now=call.closes_at) == CallPhase.CLOSED
    assert call.phase(now=call.opens_at.replace(year=call.opens_at.year - 1)) == CallPhase.UPCOMING
