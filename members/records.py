"""Open data of OGP Local members and their published commitments (docs/open-data.md).

Field names are stable; add fields, never rename them. Nothing personal: no editors, no
evaluators' names, no review comments. Only published plans and reports appear.
"""

from django.db.models import Prefetch

from .enums import Status
from .models import ActionPlan, Member
from .queries import published_commitments

SCHEMA_VERSION = 1

MEMBER_COLUMNS = [
    "id",
    "name",
    "country",
    "government_level",
    "year_joined",
    "consortium_partners",
    "published_action_plans",
    "url",
]
COMMITMENT_COLUMNS = [
    "id",
    "member_id",
    "member",
    "country",
    "action_plan",
    "period_start",
    "period_end",
    "title",
    "ogp_values",
    "lead_agency",
    "milestones",
    "milestones_done",
    "completion_level",
    "report_url",
    "url",
]


def published_members():
    """Every member with its partners and published plans (three queries)."""
    plans = ActionPlan.objects.filter(status=Status.PUBLISHED).order_by("starts_on", "id")
    return Member.objects.prefetch_related("partners", Prefetch("plans", queryset=plans)).order_by(
        "name", "id"
    )


def member_record(member, absolute_url):
    """One member as open data; ``member`` comes from ``published_members()``."""
    return {
        "id": member.pk,
        "name": member.name,
        "country": member.country.code,
        "government_level": member.government_level,
        "year_joined": member.year_joined,
        "consortium_partners": [partner.name for partner in member.partners.all()],
        "published_action_plans": [
            {
                "title": plan.title,
                "period_start": plan.starts_on.isoformat(),
                "period_end": plan.ends_on.isoformat(),
                "url": absolute_url(plan.get_absolute_url()),
            }
            for plan in member.plans.all()
        ],
        "url": absolute_url(member.get_absolute_url()),
    }


def member_records(absolute_url):
    return [member_record(member, absolute_url) for member in published_members()]


def commitment_record(commitment, absolute_url):
    """One commitment of a published plan as open data (from ``published_commitments()``)."""
    plan, member = commitment.plan, commitment.plan.member
    milestones = list(commitment.milestones.all())
    report = getattr(commitment, "report", None)
    published_report = report if report and report.status == Status.PUBLISHED else None
    return {
        "id": commitment.pk,
        "member_id": member.pk,
        "member": member.name,
        "country": member.country.code,
        "action_plan": plan.title,
        "period_start": plan.starts_on.isoformat(),
        "period_end": plan.ends_on.isoformat(),
        "title": commitment.title,
        "ogp_values": list(commitment.ogp_values),
        "lead_agency": commitment.lead_agency,
        "milestones": len(milestones),
        "milestones_done": sum(1 for milestone in milestones if milestone.is_done),
        "completion_level": published_report.progress if published_report else None,
        "report_url": absolute_url(published_report.get_absolute_url())
        if published_report
        else None,
        "url": absolute_url(plan.get_absolute_url()) + f"#commitment-{commitment.pk}",
    }


def commitment_records(absolute_url):
    return [commitment_record(commitment, absolute_url) for commitment in published_commitments()]


def row(record, columns):
    cells = []
    for column in columns:
        value = record[column]
        if isinstance(value, list):
            value = "; ".join(
                item["title"] if isinstance(item, dict) else str(item) for item in value
            )
        cells.append("" if value is None else value)
    return cells
