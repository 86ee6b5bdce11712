"""Who may do what with Monitoring Bodies and their assessments (django-rules).

A Monitoring Body's people read their member's plans, commitments, milestones and evidence,
and write its assessments while they are drafts or returned; the member's editors read them
and comment on a draft, never change it; coordinators review and publish; everyone reads what
is published. A monitor of one member sees nothing of another.
"""

import rules

from accounts.rules import is_coordinator
from members.rules import edits_member

from .enums import OPEN_STATUSES, AssessmentStatus


def member_id_of(obj):
    from members.models import ActionPlan, Commitment, Member

    from .models import EndOfCommitmentAssessment, InceptionAssessment, MonitoringBody

    if isinstance(obj, Member):
        return obj.pk
    if isinstance(obj, MonitoringBody):
        return obj.member_id
    if isinstance(obj, ActionPlan):
        return obj.member_id
    if isinstance(obj, Commitment | InceptionAssessment):
        return obj.plan.member_id
    if isinstance(obj, EndOfCommitmentAssessment):
        return obj.commitment.plan.member_id
    raise TypeError(type(obj))


@rules.predicate
def is_monitor(user, obj):
    """``user`` belongs to the Monitoring Body of ``obj``'s member."""
    if obj is None or not user.is_authenticated:
        return False
    from .models import Monitor

    return Monitor.objects.filter(user=user, body__member_id=member_id_of(obj)).exists()


@rules.predicate
def is_editor_of_member(user, obj):
    if obj is None or not user.is_authenticated:
        return False
    return edits_member(user, member_id_of(obj))


@rules.predicate
def is_open(user, obj):
    return obj is not None and obj.status in OPEN_STATUSES


@rules.predicate
def is_published(user, obj):
    return obj is not None and obj.status == AssessmentStatus.PUBLISHED


rules.add_perm("monitoring.monitor_member", is_monitor)
rules.add_perm("monitoring.write_assessment", is_monitor & is_open)
rules.add_perm("monitoring.file_assessment", is_monitor & is_open)
rules.add_perm("monitoring.comment_assessment", is_editor_of_member & is_open)
rules.add_perm("monitoring.comment_as_member", is_editor_of_member)
rules.add_perm("monitoring.follow_assessment", is_monitor | is_editor_of_member)
rules.add_perm(
    "monitoring.view_assessment", is_published | is_monitor | is_editor_of_member | is_coordinator
)
rules.add_perm("monitoring.review_assessment", is_coordinator)
rules.add_perm("monitoring.manage_monitoring_body", is_coordinator)
