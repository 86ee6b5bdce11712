"""How the members room's pages show monitoring without importing it: the member page, the
member's workspace and the plan's PDF load this library by name. Each tag runs a fixed number
of queries."""

from django import template

from members.enums import Status

from .. import process, queries
from ..models import EndOfCommitmentAssessment, InceptionAssessment

register = template.Library()


@register.inclusion_tag("monitoring/_public_section.html")
def monitoring_public(member):
    """The Monitoring Body, its published assessments and, once a plan is published, the
    process status."""
    member = queries.member_with_process(member.pk)
    published_plan = any(plan.status == Status.PUBLISHED for plan in member.plans.all())
    return {
        "member": member,
        "body": queries.monitoring_body(member.pk),
        "inception": list(queries.published_inception_assessments(member.pk)),
        "end_of_commitment": list(queries.published_end_of_commitment_assessments(member.pk)),
        "status": process.process_status(member) if published_plan else None,
    }


@register.inclusion_tag("monitoring/_workspace_section.html")
def monitoring_workspace(member):
    """For the member's editors: the process status with late items flagged, and every
    assessment of their member, to read and comment on."""
    member = queries.member_with_process(member.pk)
    inception = InceptionAssessment.objects.filter(plan__member=member).select_related("plan")
    end_of_commitment = EndOfCommitmentAssessment.objects.filter(
        commitment__plan__member=member
    ).select_related("commitment")
    return {
        "member": member,
        "body": queries.monitoring_body(member.pk),
        "status": process.process_status(member),
        "assessments": [*inception, *end_of_commitment],
    }


@register.simple_tag
def published_assessments(plan):
    """A plan's published assessments, for its PDF: (inception or None, [end of commitment])."""
    inception = InceptionAssessment.objects.filter(plan=plan, status="published").first()
    end_of_commitment = list(
        queries.published_end_of_commitment_assessments().filter(commitment__plan=plan)
    )
    return {"inception": inception, "end_of_commitment": end_of_commitment}
