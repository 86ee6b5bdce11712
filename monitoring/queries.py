"""The querysets the monitoring pages share, each with its joins, so no page's query count
grows with the rows it lists."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import ActionPlan, Commitment, Member

from .enums import AssessmentKind, AssessmentStatus
from .models import (
    EndOfCommitmentAssessment,
    InceptionAssessment,
    Monitor,
    MonitoringBody,
)


def _plans(plans=None):
    commitments = Commitment.objects.select_related("assessment", "report").prefetch_related(
        "milestones"
    )
    return (
        (plans or ActionPlan.objects.all())
        .select_related("inception_assessment")
        .prefetch_related(Prefetch("commitments", queryset=commitments))
        .order_by("created_at", "id")
    )


def members_with_process(members=None):
    """Members with what ``process.process_status()`` reads: plans, commitments, milestones
    and assessments (a fixed number of queries)."""
    members = members if members is not None else Member.objects.all()
    return members.prefetch_related(Prefetch("plans", queryset=_plans()))


def member_with_process(pk) -> Member:
    return get_object_or_404(members_with_process(), pk=pk)


def monitored_members(user):
    """The members ``user`` monitors."""
    if not user.is_authenticated:
        return Member.objects.none()
    return (
        Member.objects.filter(monitoring_body__monitors__user=user)
        .select_related("monitoring_body")
        .order_by("name", "id")
    )


def monitored_member(pk, user) -> Member:
    """A member ``user`` monitors, with its plans and what the monitor reads, or a 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        members_with_process(Member.objects.select_related("monitoring_body")),
        pk=pk,
        monitoring_body__monitors__user=user,
    )


def monitoring_body(member_id):
    """The member's Monitoring Body with its people, or None."""
    return (
        MonitoringBody.objects.filter(member_id=member_id)
        .prefetch_related(Prefetch("monitors", queryset=Monitor.objects.select_related("user")))
        .first()
    )


ASSESSMENT_MODELS = {
    AssessmentKind.INCEPTION: InceptionAssessment,
    AssessmentKind.END_OF_COMMITMENT: EndOfCommitmentAssessment,
}


def assessment(kind, pk, *, member_id=None):
    """One assessment of either kind, with what its pages show, or a 404."""
    if kind == AssessmentKind.INCEPTION:
        queryset = InceptionAssessment.objects.select_related("plan__member")
        member_field = "plan__member_id"
    elif kind == AssessmentKind.END_OF_COMMITMENT:
        queryset = EndOfCommitmentAssessment.objects.select_related(
            "commitment__plan__member"
        ).prefetch_related("evidence")
        member_field = "commitment__plan__member_id"
    else:
        raise Http404
    filters = {"pk": pk}
    if member_id is not None:
        filters[member_field] = member_id
    return get_object_or_404(queryset, **filters)


def published_inception_assessments(member_id=None):
    queryset = InceptionAssessment.objects.filter(status=AssessmentStatus.PUBLISHED)
    if member_id is not None:
        queryset = queryset.filter(plan__member_id=member_id)
    return queryset.select_related("plan__member").order_by("plan__member__name", "plan_id")


def published_end_of_commitment_assessments(member_id=None):
    queryset = EndOfCommitmentAssessment.objects.filter(status=AssessmentStatus.PUBLISHED)
    if member_id is not None:
        queryset = queryset.filter(commitment__plan__member_id=member_id)
    return (
        queryset.select_related("commitment__plan__member")
        .prefetch_related("evidence")
        .order_by("commitment__plan__member__name", "commitment__plan_id", "commitment__position")
    )
