"""What the public record shows: only published calls, only submitted applications, and
never personal data (contact people, e-mails, editors, reviewers, scores)."""

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Partner
from applications.queries import search_applications
from calls.models import Call
from letters.models import Letter
from reviews.models import Criterion

PUBLIC_STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.DECIDED,
]


def public_calls(now=None):
    """Calls the public sees listed: opened for applications, or with published results."""
    now = now or timezone.now()
    return Call.objects.filter(Q(opens_at__lte=now) | Q(results_published_at__isnull=False))


def published_call(slug):
    return get_object_or_404(Call.objects.published(), slug=slug)


def public_applications(call):
    """The call's candidates with their partners, released decision and publishable letters."""
    return (
        Application.objects.filter(call=call, status__in=PUBLIC_STATUSES)
        .select_related("call", "lead_government", "decision", "first_stage")
        .annotate(shortlisted=Exists(Application.objects.filter(first_stage=OuterRef("pk"))))
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


def public_applications_in_order(call, ids):
    """The public applications of ``call`` with these ids, whole, in the order of ``ids`` (a
    page of the record: sorting 10,000 ids is quick, sorting 10,000 whole rows is not)."""
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(
        public_applications(call).filter(pk__in=ids).order_by(),
        key=lambda application: position[application.pk],
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


# The open-data exports read plain rows in application order, three cursors side by side, so
# their query count and memory stay the same however many candidates a call has.
EXPORT_CHUNK_SIZE = 2000


def public_application_rows(call):
    """One dict per public application of ``call``, by id, with only public fields."""
    return public_application_values(call).order_by("id").iterator(chunk_size=EXPORT_CHUNK_SIZE)


def public_application_values(call):
    """The public fields of ``call``'s public applications as plain rows (unordered): the
    exports stream them, the API pages through them."""
    return Application.objects.filter(call=call, status__in=PUBLIC_STATUSES).values(
        "id",
        "reference",
        "status",
        "submitted_at",
        lead_name=F("lead_government__name"),
        lead_country=F("lead_government__country"),
        lead_level=F("lead_government__government_level"),
        lead_population=F("lead_government__population"),
        # Two-stage calls: the expression of interest a full application came from, and
        # whether an expression of interest was shortlisted (docs/two-stage-calls.md).
        first_stage_reference=F("first_stage__reference"),
        shortlisted=Exists(Application.objects.filter(first_stage=OuterRef("pk"))),
        released_outcome=Case(
            When(decision__released_at__isnull=False, then=F("decision__outcome")),
            default=None,
        ),
    )


def public_partner_rows(call, *, application_ids=None):
    """The partners of ``call``'s public applications (or of those among
    ``application_ids``), by application then as listed."""
    partners = Partner.objects.filter(
        application__call=call, application__status__in=PUBLIC_STATUSES
    )
    if application_ids is not None:
        partners = partners.filter(application_id__in=application_ids)
    return (
        partners.order_by("application_id", "created_at", "id")
        .values(
            "application_id",
            "role",
            name=F("organisation__name"),
            kind=F("organisation__kind"),
            country=F("organisation__country"),
        )
        .iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )


def public_letter_rows(call, *, application_ids=None):
    """The current letters of ``call``'s public applications (or of those among
    ``application_ids``) whose applicants agreed to publish them, by application then kind."""
    letters = Letter.objects.current().filter(
        application__call=call,
        application__status__in=PUBLIC_STATUSES,
        application__publication_consent=True,
    )
    if application_ids is not None:
        letters = letters.filter(application_id__in=application_ids)
    return (
        letters.order_by("application_id", "kind", "uploaded_at", "id")
        .values(
            "application_id",
            "id",
            "kind",
            "author_organisation",
            "signed_on",
            "page_count",
            "sha256",
        )
        .iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )


def filtered_public_applications(call, *, country="", decision="", status="", search=""):
    """The record page's list, narrowed by the filters a visitor chose."""
    applications = public_applications(call)
    if country:
        applications = applications.filter(lead_government__country=country)
    if status:
        applications = applications.filter(status=status)
    if decision == "pending":
        applications = applications.exclude(decision__released_at__isnull=False)
    elif decision:
        applications = applications.filter(
            decision__released_at__isnull=False, decision__outcome=decision
        )
    if search:
        applications = search_applications(applications, search)
    return applications


def public_countries(call):
    """The lead governments' countries of ``call``'s public applications, for the filter."""
    return (
        Application.objects.filter(call=call, status__in=PUBLIC_STATUSES)
        .order_by("lead_government__country")
        .values_list("lead_government__country", flat=True)
        .distinct()
    )
