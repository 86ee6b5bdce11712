"""Conflicts of interest declared and withdrawn (the rule itself: reviews.conflicts)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import tasks
from ..exceptions import ConflictRefused
from ..models import ConflictOfInterest
from .common import with_history_author
from .ranking import _refresh

# Conflicts of interest --------------------------------------------------------------------


@transaction.atomic
def declare_conflict(*, application, reviewer, reason, declared_by=None) -> ConflictOfInterest:
    """Record that ``reviewer`` steps aside from ``application``, and tell the coordinators.

    A reviewer declares on their own assignment, before submitting a review; a coordinator may
    record a conflict for any reviewer, assigned or not.
    """
    declared_by = declared_by or reviewer
    reason = (reason or "").strip()
    if not reason:
        raise ConflictRefused(_("Give the reason for the conflict of interest."))
    if ConflictOfInterest.objects.filter(application=application, reviewer=reviewer).exists():
        raise ConflictRefused(_("This conflict of interest is already declared."))
    if declared_by.pk == reviewer.pk and not reviewer.has_perm(
        "reviews.declare_conflict", application
    ):
        raise ConflictRefused(
            _(
                "You can declare a conflict only on an application assigned to you, before "
                "submitting your review. Write to the coordinator."
            )
        )
    if declared_by.pk != reviewer.pk and not declared_by.has_perm("accounts.coordinate"):
        raise ConflictRefused(_("Only coordinators record conflicts for other reviewers."))
    conflict = ConflictOfInterest(
        application=application, reviewer=reviewer, reason=reason, declared_by=declared_by
    )
    with_history_author(conflict, declared_by).save()
    _refresh(application.pk)
    tasks.notify_conflict_declared.delay_on_commit(conflict.pk)
    return conflict


@transaction.atomic
def withdraw_conflict(*, conflict, by, reason, now=None) -> ConflictOfInterest:
    """Withdraw a standing conflict: only the reviewer who declared it or a coordinator, with a
    reason. The row stays (with who, when and why), and so does its history; the reviewer may
    read the application again if still assigned."""
    conflict = (
        ConflictOfInterest.all_conflicts.select_for_update()
        .select_related("application")
        .get(pk=conflict.pk)
    )
    if conflict.withdrawn_at is not None:
        raise ConflictRefused(_("This conflict of interest has already been withdrawn."))
    if not by.has_perm("reviews.withdraw_conflict", conflict):
        raise ConflictRefused(
            _("Only the reviewer who declared a conflict or a coordinator may withdraw it.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ConflictRefused(_("Give the reason for withdrawing the conflict of interest."))
    conflict.withdrawn_at = now or timezone.now()
    conflict.withdrawn_by = by
    conflict.withdrawal_reason = reason
    with_history_author(conflict, by).save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"]
    )
    _refresh(conflict.application_id)
    return conflict
