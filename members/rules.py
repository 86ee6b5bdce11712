"""Who may do what with members, plans and reports (django-rules).

A member's editors draft its plans and reports while they are drafts or returned; coordinators
review and publish them in the desk; everyone sees what is published, and nothing else.
"""

import rules

from accounts.rules import is_coordinator

from .enums import EDITABLE_STATUSES, Status


def _member_id(obj):
    from .models import ActionPlan, Commitment, EndOfCommitmentReport, Member, Milestone

    if isinstance(obj, Member):
        return obj.pk
    if isinstance(obj, ActionPlan):
        return obj.member_id
    if isinstance(obj, Commitment):
        return obj.plan.member_id
    if isinstance(obj, Milestone):
        return obj.commitment.plan.member_id
    if isinstance(obj, EndOfCommitmentReport):
        return obj.commitment.plan.member_id
    raise TypeError(type(obj))


def member_ids_of(user):
    """The members ``user`` edits (not cached: editors are added while a user object lives)."""
    if not user.is_authenticated:
        return frozenset()
    from .models import MemberEditor

    return frozenset(MemberEditor.objects.filter(user=user).values_list("member_id", flat=True))


def edits_member(user, member_id) -> bool:
    """Whether the signed-in ``user`` is an editor of member ``member_id``: asked by this room's
    predicates and the monitoring room's (``monitoring.rules.is_editor_of_member``)."""
    from .models import MemberEditor

    return MemberEditor.objects.filter(user=user, member_id=member_id).exists()


@rules.predicate
def is_member_editor(user, obj):
    if obj is None or not user.is_authenticated:
        return False
    return edits_member(user, _member_id(obj))


@rules.predicate
def is_editable(user, obj):
    return obj is not None and obj.status in EDITABLE_STATUSES


@rules.predicate
def is_published(user, obj):
    return obj is not None and obj.status == Status.PUBLISHED


@rules.predicate
def plan_is_published(user, obj):
    """For a commitment or milestone: its plan is published."""
    from .models import Commitment

    commitment = obj if isinstance(obj, Commitment) else obj.commitment
    return commitment.plan.status == Status.PUBLISHED


rules.add_perm("members.edit_member", is_member_editor)
rules.add_perm("members.change_plan", is_member_editor & is_editable)
rules.add_perm("members.view_plan", is_published | is_member_editor | is_coordinator)
rules.add_perm("members.review_plan", is_coordinator)
rules.add_perm("members.change_report", is_member_editor & is_editable)
rules.add_perm("members.view_report", is_published | is_member_editor | is_coordinator)
rules.add_perm("members.review_report", is_coordinator)
rules.add_perm("members.track_milestone", is_member_editor & plan_is_published)
rules.add_perm("members.write_report", is_member_editor & plan_is_published)
# Coordinators keep the members' records in the desk (members, plans, reports).
rules.add_perm("members.manage_member", is_coordinator)
