"""The querysets the pages share, each with its joins, so no page's query count grows."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from .enums import Status
from .models import (
    ActionPlan,
    Commitment,
    EndOfCommitmentReport,
    Member,
    MemberEditor,
    Milestone,
)


def member_list(*, country="", level="", year=None):
    members = Member.objects.annotate(
        published_plans=Count("plans", filter=Q(plans__status=Status.PUBLISHED))
    ).order_by("name", "id")
    if country:
        members = members.filter(country=country)
    if level:
        members = members.filter(government_level=level)
    if year:
        members = members.filter(year_joined=year)
    return members


def filter_choices():
    """Countries and years that have members, for the list's filters (two queries)."""
    countries = sorted(set(Member.objects.values_list("country", flat=True)))
    years = sorted(set(Member.objects.values_list("year_joined", flat=True)), reverse=True)
    return countries, years


def public_member(pk) -> Member:
    """A member with its partners and published plans, their commitments, milestones and
    published reports: a fixed number of queries however large the member."""
    commitments = Commitment.objects.select_related("report").prefetch_related("milestones")
    plans = ActionPlan.objects.filter(status=Status.PUBLISHED).prefetch_related(
        Prefetch("commitments", queryset=commitments)
    )
    return get_object_or_404(
        Member.objects.prefetch_related("partners", Prefetch("plans", queryset=plans)), pk=pk
    )


def plan_with_commitments(pk, *, member_id=None) -> ActionPlan:
    commitments = Commitment.objects.select_related("report").prefetch_related("milestones")
    plans = ActionPlan.objects.select_related("member").prefetch_related(
        Prefetch("commitments", queryset=commitments)
    )
    if member_id is not None:
        plans = plans.filter(member_id=member_id)
    return get_object_or_404(plans, pk=pk)


def report(pk, *, member_id) -> EndOfCommitmentReport:
    return get_object_or_404(
        EndOfCommitmentReport.objects.select_related("commitment__plan__member").prefetch_related(
            "evidence"
        ),
        pk=pk,
        commitment__plan__member_id=member_id,
    )


def members_of(user):
    """The members ``user`` edits, with all their plans (any status)."""
    if not user.is_authenticated:
        return Member.objects.none()
    return (
        Member.objects.filter(editors__user=user)
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.order_by("-created_at")))
        .order_by("name")
    )


def editable_member(pk, user) -> Member:
    """A member ``user`` edits, or a 404."""
    if not user.is_authenticated:
        from django.http import Http404  # noqa: PLC0415

        raise Http404
    return get_object_or_404(
        Member.objects.prefetch_related(
            Prefetch("editors", queryset=MemberEditor.objects.select_related("user"))
        ),
        pk=pk,
        editors__user=user,
    )


def published_commitments():
    """Every commitment of a published plan, for the open data (one query per prefetch)."""
    return (
        Commitment.objects.filter(plan__status=Status.PUBLISHED)
        .select_related("plan__member", "report")
        .prefetch_related("milestones")
        .order_by("plan__member__name", "plan__starts_on", "position", "id")
    )


def published_plans():
    """Every published action plan with its member (for the API)."""
    return ActionPlan.objects.filter(status=Status.PUBLISHED).select_related("member")


def published_milestones():
    """The milestones of the commitments of published plans, with their commitment."""
    return Milestone.objects.filter(commitment__plan__status=Status.PUBLISHED).select_related(
        "commitment__plan__member"
    )


def published_reports():
    """Published end-of-commitment reports with their commitment, plan, member and links."""
    return (
        EndOfCommitmentReport.objects.filter(status=Status.PUBLISHED)
        .select_related("commitment__plan__member")
        .prefetch_related("evidence")
    )
