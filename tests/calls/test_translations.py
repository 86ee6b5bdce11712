"""Call content in every enabled language, and the refusal to open a call with gaps."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from calls import domain
from calls.exceptions import CallNotReady
from calls.models import Call, Question, Section
from reviews.domain import add_default_criteria
from reviews.models import Criterion
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

TITLES = {
    "title_en": "OGP Local 2026: call for new members",
    "title_es": "OGP Local 2026: convocatoria de nuevos miembros",
    "title_fr": "OGP Local 2026 : appel à nouveaux membres",
    "title_pt": "OGP Local 2026: chamada para novos membros",
}


def upcoming_call(**fields):
    now = timezone.now()
    fields = {"opens_at": now + timedelta(days=5), "closes_at": now + timedelta(days=40)} | fields
    return CallFactory(**fields)


def test_the_default_form_and_criteria_ship_in_the_four_languages():
    call = CallFactory(**TITLES)
    add_default_criteria(call=call)

    first = Section.objects.filter(call=call).first()
    assert (first.title_en, first.title_es, first.title_fr, first.title_pt) == (
        "Reasons and ambition",
        "Motivos y ambición",
        "Motivations et ambition",
        "Motivações e ambição",
    )
    choice = Question.objects.get(section__call=call, kind="choice")
    assert choice.choices_fr.splitlines()[0] == "Contrats ouverts et marchés publics"
    assert choice.choices_pt.splitlines()[0] == "Contratações abertas e compras públicas"
    criterion = Criterion.objects.filter(call=call).first()
    assert (criterion.name_fr, criterion.name_pt) == (
        "Engagement politique",
        "Compromisso político",
    )
    assert criterion.guidance_pt.startswith("Há uma carta de intenção")
    assert domain.missing_translations(call) == []


def test_each_reader_gets_their_language_and_a_gap_falls_back():
    call = CallFactory(**(TITLES | {"title_pt": None}))

    with translation.override("fr"):
        assert Call.objects.get(pk=call.pk).title == TITLES["title_fr"]
        assert Section.objects.filter(call=call).first().title == "Motivations et ambition"
    with translation.override("pt"):
        assert Call.objects.get(pk=call.pk).title == TITLES["title_en"]


def test_opening_a_call_with_a_missing_translation_is_refused_naming_what_is_missing():
    call = upcoming_call(**(TITLES | {"title_pt": ""}))
    question = Question.objects.filter(section__call=call).first()
    question.text_fr = ""
    question.save()
    opens_at = call.opens_at

    with pytest.raises(CallNotReady) as refused:
        domain.open_call(call=call)

    missing = refused.value.missing
    assert len(missing) == 2
    assert "Call “OGP Local 2026: call for new members”: title in Portuguese" in missing
    assert (
        "Question “Why does your government want to join OGP Local?”: question in French" in missing
    )
    assert "translations are missing" in refused.value.message
    call.refresh_from_db()
    assert call.opens_at == opens_at  # nothing changed


def test_the_refusal_reads_in_the_coordinators_language():
    call = upcoming_call(**(TITLES | {"title_pt": ""}))

    with translation.override("es"), pytest.raises(CallNotReady) as refused:
        domain.open_call(call=call)

    assert refused.value.missing == [
        "Convocatoria “OGP Local 2026: convocatoria de nuevos miembros”: título en Portugués"
    ]


def test_a_call_opens_with_gaps_only_when_the_coordinator_says_so():
    call = upcoming_call(**(TITLES | {"title_pt": ""}))
    now = timezone.now()

    opened = domain.open_call(call=call, now=now, allow_missing_translations=True)

    assert opened.opens_at == now
    assert opened.is_open


def test_a_complete_call_opens_now():
    call = upcoming_call(**TITLES)
    add_default_criteria(call=call)

    opened = domain.open_call(call=call)

    assert opened.is_open
    assert Call.objects.get(pk=call.pk).opens_at <= timezone.now()


def test_a_criterion_without_its_translation_counts_as_missing():
    call = upcoming_call(**TITLES)
    add_default_criteria(call=call)
    Criterion.objects.filter(call=call, position=1).update(guidance_fr="")

    missing = [str(item) for item in domain.missing_translations(call)]

    assert missing == ["Criterion “Political commitment”: guidance in French"]


def test_a_call_past_its_deadline_does_not_open():
    call = CallFactory(**TITLES)
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )

    with pytest.raises(CallNotReady, match="deadline has passed"):
        domain.open_call(call=call)
