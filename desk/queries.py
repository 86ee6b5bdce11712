"""What the two desks show, each in a fixed number of queries whatever the number of rows.

The reviewer's desk lists their assignments; the coordinator's desk counts, per call, what is
waiting, each count with the admin list it comes from (so the two always agree).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from applications.enums import ApplicationStatus
from applications.models import Application, ChangeRequest
from calls.models import Call
from common.kept import kept
from common.row_urls import row_url
from letters.models import Letter, LetterInvitation
from packets.enums import PacketStatus
from packets.models import Packet
from reviews import conflicts
from reviews.conflicts import not_conflicted
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Assignment, Candidacy, Decision
from reviews.queries import outstanding_assignments, overdue_assignments

from .admin.labels import choice_label, country_name


def _admin_list(model_label, **filters):
    url = reverse(f"admin:{model_label.replace('.', '_')}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


# The reviewer's desk ------------------------------------------------------------------------


@dataclass
class QueueRow:
    assignment: Assignment
    review_status: str  # "not_started", "draft" or "submitted"
    next_step: str
    # Not submitted and past the call's review deadline (reviews.queries.overdue_assignments).
    overdue: bool = False
    # The government's country and the review stage, labelled once per language (admin.labels).
    country: str = ""
    stage: str = "–"
    # The row's links, reversed once a page (common.row_urls).
    change_url: str = ""
    packet_url: str = ""
    score_url: str = ""

    @property
    def application(self):
        return self.assignment.application


# The reviewer's desk shows this many assignments, the ones still to review first; the
# counts above it and the list it links to have them all.
REVIEWER_DESK_ROWS = 50


# What the two desks' counts read (with the conflict rule's own tables): a change to any of
# them renews the counts at once; the passing of time (what is overdue) shows within
# common.kept.KEPT_SECONDS.
REVIEWER_DESK_SOURCES = tuple(
    dict.fromkeys(("reviews.Assignment", "reviews.Review", *conflicts.SOURCES))
)
PIPELINE_SOURCES = tuple(
    dict.fromkeys(
        (
            "calls.Call",
            "reviews.Candidacy",
            "letters.LetterInvitation",
            "letters.Letter",
            "packets.Packet",
            "reviews.Decision",
            "applications.ChangeRequest",
            *REVIEWER_DESK_SOURCES,
        )
    )
)


def _reviewer_assignments(user):
    """The user's assignments without a conflict (reviews.conflicts)."""
    return Assignment.objects.filter(reviewer=user).filter(not_conflicted())


def reviewer_counts(user):
    """{"total", "submitted", "drafts"}: the user's assignments, in one query."""
    return _reviewer_assignments(user).aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(review__status=ReviewStatus.SUBMITTED)),
        drafts=Count("id", filter=Q(review__status=ReviewStatus.DRAFT)),
    )


def reviewer_queue(user, limit=REVIEWER_DESK_ROWS):
    """The user's assignments without a conflict, with what to do next: those still
    to review first, oldest first, at most ``limit`` of them."""
    return reviewer_desk(user, limit=limit)[0]


def reviewer_desk(user, limit=REVIEWER_DESK_ROWS):
    """(``reviewer_queue``'s rows, ``reviewer_counts``'s counts) in two queries, whatever the
    number of assignments: one pass over the user's assignments (the conflict rule's
    anti-joins) chooses the page's ids and counts them all (window counts), the second reads
    what the page shows of those rows only, instead of joining every assignment to its
    application, call and government before sorting (at 10,000 assignments, half the desk).
    The first pass is kept (common.kept) until a table it reads changes."""
    chosen, counts = kept(
        ("desk", "reviewer", user.pk, limit),
        lambda: _reviewer_desk_choice(user, limit),
        sources=REVIEWER_DESK_SOURCES,
    )
    order = {pk: position for position, pk in enumerate(chosen)}
    assignments = sorted(
        Assignment.objects.filter(pk__in=order).select_related(
            "application__lead_government", "application__candidacy", "application__call", "review"
        ),
        key=lambda assignment: order[assignment.pk],
    )
    rows = []
    now = timezone.now()
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        status = review.status if review is not None else "not_started"
        candidacy = getattr(assignment.application, "candidacy", None)
        in_committee = candidacy is not None and candidacy.stage == ReviewStage.COMMITTEE_REVIEW
        if status == ReviewStatus.SUBMITTED:
            step = gettext("Nothing: your review is submitted.")
        elif not in_committee:
            step = gettext("Wait: scoring opens at committee review.")
        elif status == ReviewStatus.DRAFT:
            step = gettext("Finish your draft and submit it.")
        else:
            step = gettext("Read the packet and letters, then score.")
        deadline = assignment.application.call.review_deadline
        overdue = status != ReviewStatus.SUBMITTED and deadline is not None and deadline <= now
        application = assignment.application
        rows.append(
            QueueRow(
                assignment=assignment,
                review_status=status,
                next_step=step,
                overdue=overdue,
                country=country_name(application.lead_government.country.code),
                stage=choice_label(candidacy, "stage") if candidacy is not None else "–",
                change_url=row_url("admin:applications_application_change", application.pk),
                packet_url=row_url("packet_download", application.reference, name="reference"),
                score_url=row_url("admin:applications_application_score", application.pk),
            )
        )
    return rows, counts


def _reviewer_desk_choice(user, limit):
    """(the ids of the desk's rows, the counts): the one pass over the user's assignments."""
    submitted_last = Case(
        When(review__status=ReviewStatus.SUBMITTED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    chosen = list(
        _reviewer_assignments(user)
        .annotate(
            total=Window(Count("id")),
            submitted=Window(Count("id", filter=Q(review__status=ReviewStatus.SUBMITTED))),
            drafts=Window(Count("id", filter=Q(review__status=ReviewStatus.DRAFT))),
        )
        .order_by(submitted_last, "assigned_at", "id")
        .values_list("id", "total", "submitted", "drafts")[:limit]
    )
    counts = {"total": 0, "submitted": 0, "drafts": 0}
    if chosen:
        counts = dict(zip(counts, chosen[0][1:], strict=True))
    return [row[0] for row in chosen], counts


REVIEW_STATUS_LABELS = {
    "not_started": lambda: gettext("Not started"),
    ReviewStatus.DRAFT: lambda: ReviewStatus.DRAFT.label,
    ReviewStatus.SUBMITTED: lambda: ReviewStatus.SUBMITTED.label,
}


# The coordinator's desk ---------------------------------------------------------------------


@dataclass
class LinkedCount:
    """A count on the coordinator's desk, with the admin list of the rows it counts."""

    label: str
    count: int
    url: str


@dataclass
class CallPipeline:
    call: Call
    statuses: list = field(default_factory=list)
    stages: list = field(default_factory=list)
    letters_missing: LinkedCount | None = None
    packets: list = field(default_factory=list)
    outstanding: list = field(default_factory=list)
    overdue: LinkedCount | None = None
    unreleased: LinkedCount | None = None
    changes_overdue: LinkedCount | None = None


def _by_call(rows, key):
    grouped = defaultdict(dict)
    for row in rows:
        grouped[row["call"]][row[key]] = row["n"]
    return grouped


def coordinator_pipeline():
    """Per call that has applications, newest first: the counts a coordinator acts on."""
    counts = kept(("desk", "pipeline"), _pipeline_counts, sources=PIPELINE_SOURCES)
    # The calls counted by status are those with applications.
    calls = list(Call.objects.filter(pk__in=list(counts["statuses"])).order_by("-closes_at"))
    if not calls:
        return []
    statuses, stages, missing, packets = (
        counts[name] for name in ("statuses", "stages", "missing", "packets")
    )
    outstanding, overdue = counts["outstanding"], counts["overdue"]
    unreleased, overdue_changes = counts["unreleased"], counts["overdue_changes"]

    pipelines = []
    for call in calls:
        on_call = {"call__id__exact": call.pk}
        on_application_call = {"application__call__id__exact": call.pk}
        pipeline = CallPipeline(call=call)
        for status in ApplicationStatus:
            pipeline.statuses.append(
                LinkedCount(
                    status.label,
                    statuses[call.pk].get(status.value, 0),
                    _admin_list("applications.application", **on_call, status__exact=status),
                )
            )
        for stage in ReviewStage:
            pipeline.stages.append(
                LinkedCount(
                    stage.label,
                    stages[call.pk].get(stage.value, 0),
                    _admin_list(
                        "applications.application", **on_call, candidacy__stage__exact=stage
                    ),
                )
            )
        pipeline.letters_missing = LinkedCount(
            gettext("Letters invited, not yet received"),
            missing.get(call.pk, 0),
            _admin_list("letters.letterinvitation", **on_application_call, answered="no"),
        )
        pipeline.packets = [
            LinkedCount(
                gettext("Packets failed"),
                packets[call.pk].get(PacketStatus.FAILED.value, 0),
                _admin_list("packets.packet", **on_application_call, status__exact="failed"),
            ),
            LinkedCount(
                gettext("Packets waiting to be rendered"),
                packets[call.pk].get(PacketStatus.QUEUED.value, 0)
                + packets[call.pk].get(PacketStatus.RENDERING.value, 0),
                _admin_list("packets.packet", **on_application_call, status__in="queued,rendering"),
            ),
        ]
        pipeline.outstanding = [
            LinkedCount(
                row["reviewer__full_name"] or row["reviewer__email"],
                row["n"],
                _admin_list(
                    "reviews.assignment",
                    **on_application_call,
                    reviewer=row["reviewer"],
                    outstanding="yes",
                ),
            )
            for row in outstanding[call.pk]
        ]
        if call.review_deadline is not None:
            pipeline.overdue = LinkedCount(
                gettext("Reviews overdue"),
                overdue.get(call.pk, 0),
                _admin_list("reviews.assignment", **on_application_call, outstanding="overdue"),
            )
        pipeline.unreleased = LinkedCount(
            gettext("Decisions recorded, not released"),
            unreleased.get(call.pk, 0),
            _admin_list("reviews.decision", **on_application_call, released="no"),
        )
        pipeline.changes_overdue = LinkedCount(
            gettext("Change requests past their date, for your decision"),
            overdue_changes.get(call.pk, 0),
            _admin_list("applications.changerequest", **on_application_call, waiting="overdue"),
        )
        pipelines.append(pipeline)
    return pipelines


def _pipeline_counts():
    """Every count of the coordinator's desk, per call, in nine grouped queries."""
    statuses = _by_call(
        Application.objects.values("call", "status").annotate(n=Count("id")).order_by(), "status"
    )
    stages = _by_call(
        Candidacy.objects.values("stage", call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by(),
        "stage",
    )
    answered = Letter.objects.current().filter(invitation=OuterRef("pk"))
    missing = {
        row["call"]: row["n"]
        for row in LetterInvitation.objects.filter(revoked_at__isnull=True)
        .exclude(Exists(answered))
        .values(call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by()
    }
    packets = _by_call(
        Packet.objects.filter(
            status__in=[PacketStatus.FAILED, PacketStatus.QUEUED, PacketStatus.RENDERING]
        )
        .values("status", call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by(),
        "status",
    )
    outstanding = defaultdict(list)
    for row in (
        outstanding_assignments(Assignment.objects.all())
        .values("reviewer", "reviewer__full_name", "reviewer__email", call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by("reviewer__full_name", "reviewer__email")
    ):
        outstanding[row["call"]].append(row)
    overdue = {
        row["call"]: row["n"]
        for row in overdue_assignments(now=timezone.now())
        .values(call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by()
    }
    unreleased = {
        row["call"]: row["n"]
        for row in Decision.objects.filter(released_at__isnull=True)
        .values(call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by()
    }

    overdue_changes = {
        row["call"]: row["n"]
        for row in ChangeRequest.objects.overdue()
        .values(call=F("application__call"))
        .annotate(n=Count("id"))
        .order_by()
    }
    return {
        "statuses": statuses,
        "stages": stages,
        "missing": missing,
        "packets": packets,
        "outstanding": outstanding,
        "overdue": overdue,
        "unreleased": unreleased,
        "overdue_changes": overdue_changes,
    }


def any_outstanding(pipelines):
    return any(row.count for pipeline in pipelines for row in pipeline.outstanding)
