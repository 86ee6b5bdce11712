"""Reviewers and their assignments: enlisting, assigning one, spreading many evenly."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries.fields import Country
from simple_history.utils import bulk_create_with_history

from accounts.roles import REVIEWER_GROUP, ensure_roles
from applications.models import Application

from .. import conflicts
from ..conflicts import conflict_kinds, conflicted
from ..exceptions import AssignmentRefused
from ..models import Assignment, Decision, Reviewer
from .common import REVIEWABLE_STATUSES, with_history_author
from .ranking import _refresh, refresh_ranking

# Reviewers and assignments ---------------------------------------------------------------


@transaction.atomic
def enlist_reviewer(*, user, by, country="", available=True) -> Reviewer:
    """Make ``user`` a reviewer: a profile with their country, the reviewer group, admin access.

    A country is refused while the reviewer is assigned an application from it
    (country_change_problem()): the same-country rule holds after assignment too."""
    if problem := country_change_problem(user=user, country=country):
        raise AssignmentRefused(problem)
    profile = Reviewer.objects.filter(user=user).first() or Reviewer(user=user)
    profile.country = country
    profile.available = available
    with_history_author(profile, by).save()
    ensure_roles()
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return profile


def country_change_problem(*, user, country) -> str | None:
    """Why ``user`` cannot be a reviewer from ``country`` now: they are assigned applications
    still under review whose lead government is from there. None if they can."""
    if not country or user.pk is None:
        return None
    references = list(
        Assignment.objects.filter(
            reviewer=user,
            application__lead_government__country=country,
            application__status__in=REVIEWABLE_STATUSES,
        )
        .order_by("application__reference")
        .values_list("application__reference", flat=True)
    )
    if not references:
        return None
    return _(
        "%(user)s is assigned applications from %(country)s (%(references)s): a reviewer does "
        "not review their own country. Unassign them first, or keep the country."
    ) % {
        "user": user,
        "country": Country(str(country)).name,
        "references": ", ".join(references),
    }


def _open_for_review(application) -> bool:
    if application.status not in REVIEWABLE_STATUSES:
        return False
    decision = Decision.objects.filter(application=application).first()
    return decision is None or not decision.is_released


def assignment_problem(*, application, reviewer) -> str | None:
    """Why ``reviewer`` cannot be assigned ``application``; None if they can."""
    if not _open_for_review(application):
        return _("%(reference)s is not open for review.") % {"reference": application.reference}
    if not (
        reviewer.is_active
        and reviewer.is_staff
        and reviewer.groups.filter(name=REVIEWER_GROUP).exists()
    ):
        return _("%(user)s is not a reviewer.") % {"user": reviewer}
    if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        return _("%(user)s is already assigned to %(reference)s.") % {
            "user": reviewer,
            "reference": application.reference,
        }
    kinds = conflict_kinds(application=application, reviewer=reviewer)
    if conflicts.DECLARED in kinds:
        return _("%(user)s has declared a conflict of interest with %(reference)s.") % {
            "user": reviewer,
            "reference": application.reference,
        }
    if set(conflicts.STANDS_BEHIND) & set(kinds):
        return _(
            "%(user)s stands behind %(reference)s (an editor, invited to edit it, or a "
            "partner's contact): a conflict of interest."
        ) % {"user": reviewer, "reference": application.reference}
    if conflicts.COUNTRY in kinds:
        return _("%(user)s is from %(country)s, the applicant's own country.") % {
            "user": reviewer,
            "country": application.lead_government.country.name,
        }
    return None


@transaction.atomic
def assign_reviewer(*, application, reviewer, assigned_by) -> Assignment:
    problem = assignment_problem(application=application, reviewer=reviewer)
    if problem:
        raise AssignmentRefused(problem)
    assignment = Assignment(application=application, reviewer=reviewer, assigned_by=assigned_by)
    with_history_author(assignment, assigned_by).save()
    _refresh(application.pk)
    return assignment


@transaction.atomic
def unassign_reviewer(*, assignment, by) -> None:
    """Take a reviewer off an application (coordinators only), unless their review is
    submitted. The assignment's history keeps who removed it."""
    if not by.has_perm("accounts.coordinate"):
        raise AssignmentRefused(_("Only coordinators assign and unassign reviewers."))
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("reviewer", "review")
        .get(pk=assignment.pk)
    )
    review = getattr(assignment, "review", None)
    if review is not None and review.is_submitted:
        raise AssignmentRefused(
            _("%(reviewer)s has submitted a review: the assignment stays.")
            % {"reviewer": assignment.reviewer}
        )
    with_history_author(assignment, by).delete()
    _refresh(assignment.application_id)


@dataclass(frozen=True)
class Unfilled:
    """An application that got fewer reviewers than asked for, and why."""

    application: Application
    missing: int
    reason: str


@transaction.atomic
def spread_assignments(*, applications, reviewers, per_application, assigned_by) -> list[Unfilled]:
    """Give each application ``per_application`` reviewers from ``reviewers``, spreading the load.

    Counts the assignments the applications already have, never assigns a reviewer who declared
    a conflict, stands behind the application (an editor, invited, a partner's contact) or
    comes from the applicant's country, and evens out the load of the pool
    (assignments in the same calls included) so that no reviewer has more than one application
    more than another, where the exclusions allow. Returns what it could not fill.
    """
    if per_application < 1:
        raise AssignmentRefused(_("Choose at least one reviewer per application."))
    applications = list(
        Application.objects.filter(pk__in=[application.pk for application in applications])
        .select_related("lead_government")
        .order_by("reference")
    )
    pool = list(
        get_user_model()
        .objects.filter(
            pk__in=[reviewer.pk for reviewer in reviewers],
            is_active=True,
            is_staff=True,
            groups__name=REVIEWER_GROUP,
        )
        .select_related("reviewer_profile")
        .order_by("pk")
    )
    released = set(
        Decision.objects.filter(
            application__in=applications, released_at__isnull=False
        ).values_list("application_id", flat=True)
    )
    unfilled = [
        Unfilled(application, per_application, _("not open for review"))
        for application in applications
        if application.status not in REVIEWABLE_STATUSES or application.pk in released
    ]
    applications = [
        application
        for application in applications
        if application.status in REVIEWABLE_STATUSES and application.pk not in released
    ]
    if not applications:
        return unfilled

    pool_ids = [reviewer.pk for reviewer in pool]
    calls = {application.call_id for application in applications}
    around = Assignment.objects.filter(
        Q(application__in=applications) | Q(application__call__in=calls, reviewer__in=pool_ids)
    )
    assigned = set(around.values_list("application_id", "reviewer_id"))
    # A conflicted assignment no longer counts for anyone (reviews.conflicts).
    active = around.exclude(conflicted()).values_list("application_id", "reviewer_id")
    load = dict.fromkeys(pool_ids, 0)
    have = defaultdict(int)
    for application_id, reviewer_id in active:
        have[application_id] += 1
        if reviewer_id in load:
            load[reviewer_id] += 1
    # One query per reviewer of the pool (a committee, not a crowd).
    barred = {
        (application_id, reviewer.pk)
        for reviewer in pool
        for application_id in Application.objects.filter(
            pk__in=[application.pk for application in applications]
        )
        .filter(conflicted(application="pk", reviewer=reviewer))
        .values_list("pk", flat=True)
    }

    def eligible(application, reviewer_id):
        pair = (application.pk, reviewer_id)
        return pair not in assigned and pair not in barred

    candidates = {
        application.pk: [
            reviewer_id for reviewer_id in pool_ids if eligible(application, reviewer_id)
        ]
        for application in applications
    }
    plan = defaultdict(set)
    # The applications with the fewest possible reviewers choose first.
    for application in sorted(applications, key=lambda a: (len(candidates[a.pk]), a.reference)):
        need = per_application - have[application.pk]
        chosen = sorted(candidates[application.pk], key=lambda r: (load[r], r))[: max(need, 0)]
        for reviewer_id in chosen:
            plan[application.pk].add(reviewer_id)
            load[reviewer_id] += 1
    _even_out(plan, candidates, load)

    by_pk = {application.pk: application for application in applications}
    bulk_create_with_history(
        [
            Assignment(
                application_id=application_id, reviewer_id=reviewer_id, assigned_by=assigned_by
            )
            for application_id, reviewer_ids in sorted(plan.items())
            for reviewer_id in sorted(reviewer_ids)
        ],
        Assignment,
        default_user=assigned_by,
    )
    refresh_ranking(applications=Application.objects.filter(pk__in=list(plan)))
    for application in applications:
        missing = per_application - have[application.pk] - len(plan[application.pk])
        if missing > 0:
            unfilled.append(
                Unfilled(
                    by_pk[application.pk],
                    missing,
                    _("not enough reviewers without a conflict or from another country"),
                )
            )
    return unfilled


def _even_out(plan, candidates, load):
    """Move new assignments from the busiest reviewers to the least busy where allowed, until
    no move brings two loads closer. Each move lowers the sum of squared loads, so it ends."""
    moved = True
    while moved:
        moved = False
        by_load = sorted(load, key=lambda r: (load[r], r))
        for heavy in reversed(by_load):
            for light in by_load:
                if load[heavy] - load[light] <= 1:
                    break
                for application_id, reviewer_ids in sorted(plan.items()):
                    if (
                        heavy in reviewer_ids
                        and light not in reviewer_ids
                        and light in candidates[application_id]
                    ):
                        reviewer_ids.remove(heavy)
                        reviewer_ids.add(light)
                        load[heavy] -= 1
                        load[light] += 1
                        moved = True
                        break
                if moved:
                    break
            if moved:
                break
