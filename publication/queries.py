"""What the public record shows: only published calls, only submitted applications, and
never personal data (contact people, e-mails, editors, reviewers, scores)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from applications.enums import ApplicationStatus
from applications.models import Application, Partner
from calls.models import Call
from letters.models import Letter
from reviews.models import Criterion

PUBLIC_STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.DECIDED,
]


def published_call(slug):
    return get_object_or_404(Call.objects.published(), slug=slug)


def public_applications(call):
    """The call's candidates with their partners, released decision and publishable letters."""
    return (
        Application.objects.filter(call=call, status__in=PUBLIC_STATUSES)
        .select_related("call", "lead_government", "decision")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.select_related("organisation").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "letters",
                queryset=Letter.objects.current().order_by("kind", "uploaded_at", "id"),
                to_attr="current_letters",
            ),
        )
        .order_by("lead_government__country", "lead_government__name")
    )


def released_decision(application):
    decision = getattr(application, "decision", None)
    if decision is not None and decision.released_at is not None:
        return decision
    return None


def public_letters(application):
    """Letters are published only where the applicant agreed when submitting."""
    return application.current_letters if application.publication_consent else []


def public_letter(call, letter_id):
    return get_object_or_404(
        Letter.objects.current().select_related("application"),
        pk=letter_id,
        application__call=call,
        application__status__in=PUBLIC_STATUSES,
        application__publication_consent=True,
    )


def calls_with_needs(calls):
    """The calls, each with its review ``criteria_list`` and ``eligible_names``, in two queries."""
    calls = list(calls)
    criteria = {}
    for criterion in Criterion.objects.filter(call__in=calls).order_by("call_id", "position", "id"):
        criteria.setdefault(criterion.call_id, []).append(criterion)
    for call in calls:
        call.criteria_list = criteria.get(call.pk, [])
        call.eligible_names = sorted(country.name for country in call.eligible_countries)
    return calls
