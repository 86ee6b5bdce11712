"""Querysets shared by pages, so that no page's query count grows with its rows."""

from django.db.models import Prefetch

from calls.models import Question, Section

from .models import Application, ApplicationEditor, Partner


def applications_for_dashboard(user):
    return (
        Application.objects.editable_by(user)
        .select_related("call", "lead_government")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation"))
        )
        .order_by("-updated_at")
    )


def application_for_user(user, reference):
    """The application with this reference if ``user`` is one of its editors, else None."""
    return (
        Application.objects.editable_by(user)
        .select_related("call", "lead_government", "decision")
        .filter(reference=reference)
        .first()
    )


def partners_of(application):
    return application.partners.select_related("organisation").order_by("created_at", "id")


def editors_of(application):
    return (
        ApplicationEditor.objects.filter(application=application)
        .select_related("user")
        .order_by("added_at", "id")
    )


def form_sections(call):
    """The call's sections with their active questions, in order."""
    return (
        Section.objects.filter(call=call)
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.active().order_by("position", "id"),
                to_attr="active_questions",
            )
        )
        .order_by("position", "id")
    )


def answers_by_question(application):
    return dict(application.answers.values_list("question_id", "value"))


def sections_with_answers(application):
    """The call's sections and active questions, each question carrying its ``answer`` text."""
    answers = answers_by_question(application)
    sections = list(form_sections(application.call))
    for section in sections:
        for question in section.active_questions:
            question.answer = answers.get(question.pk, "")
    return sections
