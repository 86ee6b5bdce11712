"""What the public record shows: only published calls, only submitted applications, and
never personal data (contact people, e-mails, editors, reviewers, scores)."""

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Partner
from applications.queries import search_applications
from calls.models import Call
from committee import figures
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
    ``application_ids``, a page: read at once rather than through a cursor), by application
    then as listed."""
    partners = Partner.objects.filter(application__in=_public_ids(call, application_ids))
    rows = partners.order_by("application_id", "created_at", "id").values(
        "application_id",
        "role",
        name=F("organisation__name"),
        kind=F("organisation__kind"),
        country=F("organisation__country"),
    )
    return _streamed(rows, application_ids)


def public_letter_rows(call, *, application_ids=None):
    """The current letters of ``call``'s public applications (or of those among
    ``application_ids``, a page) whose applicants agreed to publish them, by application then
    kind."""
    letters = Letter.objects.current().filter(
        application__in=_public_ids(call, application_ids).filter(publication_consent=True)
    )
    rows = letters.order_by("application_id", "kind", "uploaded_at", "id").values(
        "application_id",
        "id",
        "kind",
        "author_organisation",
        "signed_on",
        "page_count",
        "sha256",
    )
    return _streamed(rows, application_ids)


def _public_ids(call, application_ids):
    """The ids of ``call``'s public applications (among ``application_ids``), as a subquery:
    PostgreSQL then reads a page's few applications by their key rather than scanning the
    call's applications to join them."""
    applications = Application.objects.filter(call=call, status__in=PUBLIC_STATUSES)
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
    return applications.values("pk")


def _streamed(rows, application_ids):
    """A whole call's rows through a cursor, in chunks; a page's (``application_ids``) at once."""
    return rows.iterator(chunk_size=EXPORT_CHUNK_SIZE) if application_ids is None else rows


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
    """The lead governments' countries of ``call``'s public applications, for the filter; kept
    until an application or an organisation changes (see ``record_order``)."""
    return figures.kept(
        "record_countries",
        call,
        lambda: list(
            Application.objects.filter(call=call, status__in=PUBLIC_STATUSES)
            .order_by("lead_government__country")
            .values_list("lead_government__country", flat=True)
            .distinct()
        ),
        sources=figures.CANDIDATES,
    )


def record_order(call):
    """The ids of ``call``'s public applications in the record's order (by country, then
    name), from which the unfiltered record page takes its 50.

    Finding them sorts every public application joined to its government (at 10,000, most of
    the page's SQL), for a list that changes only when an application or a government does:
    kept like the committee's figures (``committee.figures``), renewed by any save of either,
    at most ``common.kept.KEPT_SECONDS`` late for a change that sends no signal (a bulk update)."""
    return figures.kept(
        "record_order",
        call,
        lambda: list(public_applications(call).values_list("pk", flat=True)),
        sources=figures.CANDIDATES,
    )
