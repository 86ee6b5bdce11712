"""Pages in the reader's language: the call's own texts, dates with their time zone, and
what applicants wrote marked with the language it was written in."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from calls.formatting import with_time_zone
from tests.factories import PASSWORD, ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_switch_offers_the_four_languages_each_in_its_own_name(client):
    html = client.get(reverse("account_login")).content.decode()

    for code, name in [
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("pt", "Português"),
    ]:
        assert f'value="{code}" lang="{code}"' in html
        assert f">{name}</button>" in html


@pytest.mark.parametrize(
    ("language", "title", "section", "month"),
    [
        ("fr", "Appel OGP Local 2027", "Motivations et ambition", "mars"),
        ("pt", "Chamada OGP Local 2027", "Motivações e ambição", "Março"),
    ],
)
def test_the_call_page_reads_the_readers_language_and_its_deadline_has_a_time_zone(
    client, language, title, section, month
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    call = CallFactory(
        title="OGP Local call 2027",
        **{f"title_{language}": title},
        closes_at=datetime(2027, 3, 1, 17, 0, tzinfo=ZoneInfo("UTC")),
    )

    html = client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<h1 class="h3">{title}</h1>' in html
    assert section in html
    assert "Reasons and ambition" not in html
    with translation.override(language):
        deadline = with_time_zone(call.closes_at)
    assert month in deadline and deadline.endswith(" UTC")
    assert deadline in html


def test_answers_are_shown_as_written_and_marked_with_their_language(client):
    user = UserFactory(language="en")
    application = ApplicationFactory(owner=user)
    type(application).objects.filter(pk=application.pk).update(language="pt")
    section = application.call.sections.first()
    question = section.questions.first()
    from applications import domain

    domain.save_section(
        application=application,
        section=section,
        answers={question.pk: "Queremos abrir o orçamento <b>municipal</b>."},
        version=domain.section_version(application, section),
        user=user,
    )
    assert client.login(email=user.email, password=PASSWORD)

    page = client.get(application.get_absolute_url()).content.decode()
    form = client.get(
        reverse("section_edit", args=[application.reference, section.pk])
    ).content.decode()

    assert (
        '<div class="answer-text mb-3" lang="pt">'
        "Queremos abrir o orçamento &lt;b&gt;municipal&lt;/b&gt;.</div>"
    ) in page
    textarea = re.search(rf'<textarea[^>]*name="{question.field_name}"[^>]*>', form).group(0)
    assert 'lang="pt"' in textarea


def test_date_and_number_answers_read_in_the_readers_format(client):
    from applications import domain
    from calls.enums import QuestionKind
    from calls.models import Question

    user = UserFactory(language="fr")
    application = ApplicationFactory(owner=user)
    date_question = Question.objects.get(section__call=application.call, kind=QuestionKind.DATE)
    number_question = Question.objects.get(section__call=application.call, kind=QuestionKind.NUMBER)
    for question, value in [(date_question, "2025-06-01"), (number_question, "1250.5")]:
        domain.save_section(
            application=application,
            section=question.section,
            answers={question.pk: value},
            version=domain.section_version(application, question.section),
            user=user,
        )
    assert client.login(email=user.email, password=PASSWORD)

    page = client.get(application.get_absolute_url()).content.decode()

    assert ">1 juin 2025</div>" in page
    assert ">1250,5</div>" in page or ">1\xa0250,5</div>" in page or ">1 250,5</div>" in page
    assert "2025-06-01" not in page
