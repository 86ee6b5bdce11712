"""Querysets shared by pages, so that no page's query count grows with its rows."""

from django.db.models import Prefetch, Q
from django.db.models.functions import Lower

from calls.models import Question, Section

from .display import answer_display
from .identity import are_near
from .models import Application, ApplicationEditor, EditorInvitation, Organisation, Partner


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
            question.answer_display = answer_display(question.kind, question.answer)
    return sections


def applications_outside_eligibility(call=None):
    """Active applications whose lead government's country is not (or no longer) eligible.

    For the desk: a country may leave a call's list after applications from it started.
    """
    applications = (
        Application.objects.active().select_related("call", "lead_government").order_by("id")
    )
    if call is not None:
        applications = applications.filter(call=call)
    return [
        application
        for application in applications
        if not application.call.accepts_country(application.lead_government.country)
    ]


def near_duplicate_applications(call):
    """Pairs of active applications in ``call`` that are probably one government.

    Same country, and names whose keys differ only a little (a typo, a missing word): the
    exact matches are refused at the start, these are for a coordinator to look at.
    """
    applications = list(
        Application.objects.active()
        .filter(call=call)
        .select_related("lead_government")
        .order_by("id")
    )
    pairs = []
    for index, first in enumerate(applications):
        for second in applications[index + 1 :]:
            a, b = first.lead_government, second.lead_government
            if a.country == b.country and are_near(a.name_key, b.name_key):
                pairs.append((first, second))
    return pairs


def search_applications(applications, term):
    """``applications`` whose reference, lead government or a partner's name contains
    ``term`` (any case).

    The matches are the union of three sets, each read through an index: the references
    through their trigram index (``application_reference_trgm``), the lead governments and
    the partners through the organisations' (``organisation_name_trgm``, which serves the
    ``UPPER(name) LIKE '%…%'`` that ``icontains`` writes) and their unique keys. The list then
    keeps the applications in that set (``id IN (… UNION …)``, hashed once): no join repeats an
    application per partner, so no DISTINCT is needed, and no application's reference is
    compared row by row (at 10,000 applications, a third of the search's time when the three
    were one ``OR``).
    """
    term = (term or "").strip()
    if not term:
        return applications
    named = Organisation.objects.filter(name__icontains=term).values("pk")
    matches = (
        Application.objects.filter(reference__icontains=term)
        .order_by()
        .values("pk")
        .union(
            Application.objects.filter(lead_government__in=named).order_by().values("pk"),
            Partner.objects.filter(organisation__in=named).order_by().values("application_id"),
        )
    )
    return applications.filter(pk__in=matches)


def applications_with_stake(user):
    """The applications ``user`` stands behind: an editor of it, invited to edit it (an
    invitation not withdrawn), or named as a consortium partner's contact. Whoever stands
    behind an application has a conflict of interest in its review (reviews.rules)."""
    if not user.is_authenticated:
        return Application.objects.none()
    email = (user.email or "").strip()
    side = Q(pk__in=ApplicationEditor.objects.filter(user=user).values("application_id"))
    if email:
        side |= Q(
            pk__in=EditorInvitation.objects.filter(
                email__iexact=email, revoked_at__isnull=True
            ).values("application_id")
        ) | Q(pk__in=Partner.objects.filter(contact_email__iexact=email).values("application_id"))
    return Application.objects.filter(side)


def stake_pairs(applications, users) -> set[tuple[int, int]]:
    """``(application id, user id)`` for each of ``users`` who stands behind one of
    ``applications`` (as applications_with_stake says), in three queries whatever the sizes."""
    application_ids = [application.pk for application in applications]
    by_email = {user.email.strip().lower(): user.pk for user in users if user.email}
    pairs = set(
        ApplicationEditor.objects.filter(
            application_id__in=application_ids, user_id__in=[user.pk for user in users]
        ).values_list("application_id", "user_id")
    )
    if by_email:
        for application_id, email in (
            EditorInvitation.objects.annotate(address=Lower("email"))
            .filter(
                application_id__in=application_ids, revoked_at__isnull=True, address__in=by_email
            )
            .values_list("application_id", "address")
        ):
            pairs.add((application_id, by_email[email]))
        for application_id, email in (
            Partner.objects.annotate(address=Lower("contact_email"))
            .filter(application_id__in=application_ids, address__in=by_email)
            .values_list("application_id", "address")
        ):
            pairs.add((application_id, by_email[email]))
    return pairs
