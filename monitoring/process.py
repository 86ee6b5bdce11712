"""Process status: when each piece of a member's work is due, and what is late.

One function per due date, used by the desk, the member's workspace, the monitor's page and the
public page, so they cannot disagree:

- ``plan_due_on(member)``: the first action plan, MONITORING_PLAN_DUE_MONTHS after admission;
- ``inception_due_on(plan)``: the inception assessment, two months after the plan's submission;
- ``end_of_commitment_due_on(commitment)``: the end-of-commitment assessment, a month after the
  commitment's end (its last milestone's date, else the plan's end).

The Support Unit grants no extension on a plan: a member more than four months late on it is
acting contrary to process (``ProcessStatus.contrary_to_process``), which it puts in writing.
Every function reads prefetched rows (``queries.members_with_process()``), no query of its own.
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import Status

INCEPTION_DUE_MONTHS = 2
END_OF_COMMITMENT_DUE_MONTHS = 1
CONTRARY_TO_PROCESS_MONTHS = 4


def _day(moment):
    return timezone.localdate(moment) if moment else None


def plan_due_months():
    return getattr(settings, "MONITORING_PLAN_DUE_MONTHS", 6)


def admitted_on(member) -> date:
    return _day(member.created_at)


def plan_due_on(member) -> date:
    return admitted_on(member) + relativedelta(months=plan_due_months())


def plan_submitted_on(member) -> date | None:
    """When the member first had a plan submitted (from its prefetched plans)."""
    days = [_day(plan.submitted_at) for plan in member.plans.all() if plan.submitted_at]
    return min(days) if days else None


def inception_due_on(plan) -> date | None:
    if not plan.submitted_at:
        return None
    return _day(plan.submitted_at) + relativedelta(months=INCEPTION_DUE_MONTHS)


def commitment_ends_on(commitment) -> date:
    days = [milestone.due_on for milestone in commitment.milestones.all()]
    return max(days) if days else commitment.plan.ends_on


def end_of_commitment_due_on(commitment) -> date:
    return commitment_ends_on(commitment) + relativedelta(months=END_OF_COMMITMENT_DUE_MONTHS)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 if ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


@dataclass
class ProcessItem:
    kind: str  # "plan", "inception", "end_of_commitment"
    label: str
    due_on: date
    done_on: date | None
    today: date
    url: str = ""

    @property
    def late(self) -> bool:
        """Not done and past its date, or done after it."""
        if self.done_on is None:
            return self.due_on < self.today
        return self.done_on > self.due_on

    @property
    def days_late(self) -> int:
        end = self.done_on or self.today
        return max((end - self.due_on).days, 0)

    @property
    def open(self) -> bool:
        return self.done_on is None


@dataclass
class ProcessStatus:
    member: object
    today: date
    items: list = field(default_factory=list)
    plan_months_late: int = 0

    @property
    def late_items(self):
        return [item for item in self.items if item.late and item.open]

    @property
    def contrary_to_process(self) -> bool:
        """More than four months late on the action plan (submitted or not)."""
        plan = self.items[0]
        end = plan.done_on or self.today
        return end > plan.due_on + relativedelta(months=CONTRARY_TO_PROCESS_MONTHS)


def process_status(member, *, today=None) -> ProcessStatus:
    """Every due date of ``member`` with what was done when; ``member`` comes from
    ``queries.members_with_process()`` (its plans, commitments, milestones and assessments
    prefetched)."""
    today = today or timezone.localdate()
    due = plan_due_on(member)
    submitted = plan_submitted_on(member)
    status = ProcessStatus(member=member, today=today)
    status.items.append(
        ProcessItem("plan", _("First action plan submitted"), due, submitted, today)
    )
    status.plan_months_late = months_between(due, submitted or today)
    for plan in member.plans.all():
        if not plan.submitted_at:
            continue
        assessment = getattr(plan, "inception_assessment", None)
        status.items.append(
            ProcessItem(
                "inception",
                _("Inception assessment: %(plan)s") % {"plan": plan.title},
                inception_due_on(plan),
                _day(assessment.filed_at) if assessment else None,
                today,
            )
        )
        if plan.status != Status.PUBLISHED:
            continue
        for commitment in plan.commitments.all():
            assessment = getattr(commitment, "assessment", None)
            status.items.append(
                ProcessItem(
                    "end_of_commitment",
                    _("End-of-commitment assessment: %(commitment)s")
                    % {"commitment": commitment.title},
                    end_of_commitment_due_on(commitment),
                    _day(assessment.filed_at) if assessment else None,
                    today,
                )
            )
    return status
