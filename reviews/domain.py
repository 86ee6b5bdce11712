"""The review of submitted applications, from the completeness check to the released decision.

Admin views and actions, tasks and commands call these functions; tests call them directly.
Each checks its own rule and raises a ``reviews.exceptions`` refusal whose message the admin
shows as is. Stage changes go through move_stage() only; the application's own status moves
with it through applications.domain.set_application_status().
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country
from simple_history.utils import bulk_create_with_history

from accounts.mail import html_body
from accounts.roles import REVIEWER_GROUP, ensure_roles
from applications.domain import lock_application, set_application_status
from applications.enums import ApplicationStatus
from applications.models import Application
from calls.domain import in_every_language

from . import conflicts, tasks
from .conflicts import conflict_kinds, conflicted
from .defaults import DEFAULT_CRITERIA, DEFAULT_DECISION_EMAILS, DEFAULT_SCALE
from .enums import (
    ALLOWED_STAGE_TRANSITIONS,
    STAGES_UNDER_REVIEW,
    DecisionOutcome,
    DueDiligenceOutcome,
    Recommendation,
    ReviewStage,
    ReviewStatus,
)
from .exceptions import (
    AssignmentRefused,
    ConflictRefused,
    CriterionRefused,
    DecisionRefused,
    ReviewRefused,
    StageChangeRefused,
)
from .mail import decision_email
from .models import (
    ApplicationScores,
    Assignment,
    Candidacy,
    ConflictOfInterest,
    Criterion,
    Decision,
    DecisionEmailTemplate,
    Review,
    Reviewer,
    Score,
    StageChange,
)
from .queries import LARGE_SPREAD_SHARE
from .rules import why_cannot_score
from .signals import decision_released

# Applications the committee may still work on.
REVIEWABLE_STATUSES = {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW}


def _by(instance, user):
    """Name ``user`` as the author of the next history record of ``instance``."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    return instance


# Criteria ---------------------------------------------------------------------------------


@transaction.atomic
def add_default_criteria(*, call) -> list[Criterion]:
    """Give a call without criteria OGP Local's eight minimum criteria, in every language."""
    if call.criteria.exists():
        return list(call.criteria.all())
    scale_min, scale_max = DEFAULT_SCALE
    criteria = bulk_create_with_history(
        [
            Criterion(
                call=call,
                **in_every_language("name", spec["name"]),
                **in_every_language("guidance", spec["guidance"]),
                scale_min=scale_min,
                scale_max=scale_max,
                position=position,
            )
            for position, spec in enumerate(DEFAULT_CRITERIA, start=1)
        ],
        Criterion,
    )
    _refresh_call(call)  # the scale's width flags a large spread
    return criteria


# ``name`` and ``guidance`` set the active language's text; ``name_es``, ``guidance_fr``, … one
# language's (reviews/translation.py), as the desk edits them side by side.
CRITERION_FIELDS = {"name", "guidance", "weight", "position", "scale_min", "scale_max"} | {
    f"{field}_{code}" for field in ("name", "guidance") for code, _name in settings.LANGUAGES
}


@transaction.atomic
def save_criterion(*, criterion, by, **changes) -> Criterion:
    """Create or change a criterion of a call (coordinators only). The scale of a criterion
    reviewers have already scored cannot change; the history names ``by``."""
    if not by.has_perm("accounts.coordinate"):
        raise CriterionRefused(_("Only coordinators change the criteria."))
    unknown = set(changes) - CRITERION_FIELDS
    if unknown:
        raise CriterionRefused(
            _("These fields of a criterion cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if criterion.pk is not None:
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    for field, value in changes.items():
        setattr(criterion, field, value)
    try:
        criterion.full_clean()
    except ValidationError as invalid:
        raise CriterionRefused(" ".join(invalid.messages)) from invalid
    created = criterion.pk is None
    _by(criterion, by).save()
    if created or changes.keys() & {"weight", "scale_min", "scale_max"}:
        _refresh_call(criterion.call)
    return criterion


@transaction.atomic
def remove_criterion(*, criterion, by) -> None:
    """Remove a criterion nobody has scored yet (coordinators only)."""
    if not by.has_perm("accounts.coordinate"):
        raise CriterionRefused(_("Only coordinators change the criteria."))
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if criterion.scores.exists():
        raise CriterionRefused(
            _("Reviewers have already scored %(criterion)s; it stays.") % {"criterion": criterion}
        )
    _by(criterion, by).delete()
    _refresh_call(criterion.call)


# The pipeline -----------------------------------------------------------------------------


def ensure_candidacy(application) -> Candidacy:
    """The application's candidacy, opened at the completeness check if it has none yet."""
    candidacy, created = Candidacy.objects.get_or_create(application=application)
    if created:
        StageChange.objects.create(candidacy=candidacy, to_stage=candidacy.stage)
    return candidacy


def open_candidacy_on_submission(sender, application, user, **kwargs):
    """A submitted application enters the pipeline at the completeness check."""
    ensure_candidacy(application)


def _locked_candidacy(application) -> Candidacy:
    """The application's candidacy, locked; a refusal if it never entered the review."""
    candidacy = Candidacy.objects.select_for_update().filter(application=application).first()
    if candidacy is None:
        raise StageChangeRefused(
            _("%(reference)s has not been submitted: it has no place in the review.")
            % {"reference": application.reference}
        )
    return candidacy


@transaction.atomic
def move_stage(*, application, to_stage, by, note="", now=None) -> Candidacy:
    """The one door for stage changes: checks the move, records who and when, and moves the
    application's status to "under review" when committee review (or a decision) begins."""
    lock_application(application)
    candidacy = _locked_candidacy(application)
    from_stage = ReviewStage(candidacy.stage)
    to_stage = ReviewStage(to_stage)
    if application.status not in REVIEWABLE_STATUSES:
        raise StageChangeRefused(
            _("%(reference)s is %(status)s; its stage can no longer change.")
            % {
                "reference": application.reference,
                "status": application.get_status_display().lower(),
            }
        )
    if to_stage not in ALLOWED_STAGE_TRANSITIONS[from_stage]:
        raise StageChangeRefused(
            _("%(reference)s cannot go from %(from)s to %(to)s.")
            % {"reference": application.reference, "from": from_stage.label, "to": to_stage.label}
        )
    if to_stage == ReviewStage.COMMITTEE_REVIEW:
        _check_ready_for_committee(application, candidacy)
    now = now or timezone.now()
    candidacy.stage = to_stage
    candidacy.stage_changed_at = now
    candidacy.stage_changed_by = by
    _by(candidacy, by).save(update_fields=["stage", "stage_changed_at", "stage_changed_by"])
    StageChange.objects.create(
        candidacy=candidacy,
        from_stage=from_stage,
        to_stage=to_stage,
        changed_by=by,
        changed_at=now,
        note=note[:500],
    )
    if to_stage in STAGES_UNDER_REVIEW and application.status == ApplicationStatus.SUBMITTED:
        set_application_status(
            application=application,
            to_status=ApplicationStatus.UNDER_REVIEW,
            by=by,
            detail=str(to_stage.label),
            now=now,
        )
    return candidacy


def _check_ready_for_committee(application, candidacy):
    if not candidacy.due_diligence_outcome:
        raise StageChangeRefused(
            _("Record the due diligence outcome of %(reference)s before committee review.")
            % {"reference": application.reference}
        )
    if candidacy.due_diligence_outcome == DueDiligenceOutcome.REPUTATIONAL_RISK:
        raise StageChangeRefused(
            _(
                "Due diligence found a reputational risk in %(reference)s: it goes to a "
                "decision, not to the committee."
            )
            % {"reference": application.reference}
        )
    if not application.call.criteria.exists():
        raise StageChangeRefused(
            _("The call has no criteria yet: add them before committee review opens.")
        )


@transaction.atomic
def record_due_diligence(*, application, outcome, notes, by, now=None) -> Candidacy:
    """Record what due diligence found; possible only while the candidacy is in due diligence."""
    candidacy = _locked_candidacy(application)
    if candidacy.stage != ReviewStage.DUE_DILIGENCE:
        raise StageChangeRefused(
            _("%(reference)s is not in due diligence.") % {"reference": application.reference}
        )
    candidacy.due_diligence_outcome = DueDiligenceOutcome(outcome)
    candidacy.due_diligence_notes = notes
    candidacy.due_diligence_by = by
    candidacy.due_diligence_at = now or timezone.now()
    _by(candidacy, by).save(
        update_fields=[
            "due_diligence_outcome",
            "due_diligence_notes",
            "due_diligence_by",
            "due_diligence_at",
        ]
    )
    return candidacy


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
    _by(profile, by).save()
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
    _by(assignment, assigned_by).save()
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
    _by(assignment, by).delete()
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
    _by(conflict, declared_by).save()
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
    _by(conflict, by).save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _refresh(conflict.application_id)
    return conflict


# Reviews ----------------------------------------------------------------------------------


def _lock_assignment(assignment):
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application", "application__call", "application__candidacy")
        .get(pk=assignment.pk)
    )


def _check_scores(criteria, scores):
    """Every score within its criterion's scale; returns the problems as messages."""
    problems = []
    for criterion_id, (value, _comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            problems.append(_("A score was given for a criterion of another call."))
        elif value is not None and not (criterion.scale_min <= value <= criterion.scale_max):
            problems.append(
                _("%(criterion)s takes a score from %(min)s to %(max)s.")
                % {
                    "criterion": criterion.name,
                    "min": criterion.scale_min,
                    "max": criterion.scale_max,
                }
            )
    return problems


@transaction.atomic
def save_review(*, assignment, by, scores, recommendation="", summary="") -> Review:
    """Save the reviewer's scores as a draft.

    ``scores`` maps criterion ids to ``(value, comment)``; a value may be None in a draft.
    """
    assignment = _lock_assignment(assignment)
    application = assignment.application
    if by.pk != assignment.reviewer_id:
        raise ReviewRefused(_("Only the assigned reviewer can score this application."))
    problem = why_cannot_score(by, application)
    if problem:
        raise ReviewRefused(problem)
    if recommendation and recommendation not in Recommendation.values:
        raise ReviewRefused(_("Choose a recommendation from the list."))
    criteria = {criterion.pk: criterion for criterion in application.call.criteria.all()}
    problems = _check_scores(criteria, scores)
    if problems:
        raise ReviewRefused(" ".join(problems))
    review = Review.objects.filter(assignment=assignment).first() or Review(assignment=assignment)
    review.recommendation = recommendation or ""
    review.summary = summary or ""
    _by(review, by).save()
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion_id, (value, comment) in scores.items():
        score = existing.get(criterion_id) or Score(review=review, criterion_id=criterion_id)
        comment = comment or ""
        if score.pk is None or (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            _by(score, by).save()
    return review


def submit_review(*, assignment, by, scores, recommendation, summary, now=None) -> Review:
    """Save the review, then submit it: every criterion scored, a recommendation, a summary.

    A refused submission keeps what was saved as a draft. A submitted review is final, and from
    then on its reviewer sees the other reviews of the application.
    """
    save_review(
        assignment=assignment,
        by=by,
        scores=scores,
        recommendation=recommendation,
        summary=summary,
    )
    with transaction.atomic():
        assignment = _lock_assignment(assignment)
        review = assignment.review
        criteria = list(assignment.application.call.criteria.all())
        scored = set(
            review.scores.filter(value__isnull=False).values_list("criterion_id", flat=True)
        )
        missing = [criterion.name for criterion in criteria if criterion.pk not in scored]
        problems = []
        if not criteria:
            problems.append(_("The call has no criteria to score yet."))
        if missing:
            problems.append(_("Score every criterion: %(names)s.") % {"names": ", ".join(missing)})
        if not review.recommendation:
            problems.append(_("Choose a recommendation."))
        if not review.summary.strip():
            problems.append(_("Write a summary."))
        if problems:
            raise ReviewRefused(" ".join(problems))
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = now or timezone.now()
        review._change_reason = "submitted"
        _by(review, by).save(update_fields=["status", "submitted_at", "updated_at"])
        _refresh(assignment.application_id)
    return review


# The ranking's figures --------------------------------------------------------------------

# Portable SQL (PostgreSQL and SQLite). ``{assignments}`` is a subquery naming the
# assignments that count, those of the applications to refresh without a conflict
# (reviews.conflicts). Each review's weighted mean is computed once, in
# ``per_assignment`` (one row per assignment that counts, with its submitted review if any);
# the application's figures are one grouping over those rows.
_REFRESH_RANKING = """
WITH per_assignment AS (
    SELECT
        assignment.application_id AS application_id,
        review.id AS review_id,
        review.recommendation AS recommendation,
        SUM(CASE WHEN score.value IS NOT NULL
                 THEN score.value * criterion.weight END) AS weighted_sum,
        SUM(CASE WHEN score.value IS NOT NULL THEN criterion.weight END) AS weight_sum
    FROM reviews_assignment AS assignment
    LEFT OUTER JOIN reviews_review AS review
        ON review.assignment_id = assignment.id AND review.status = %s
    LEFT OUTER JOIN reviews_score AS score ON score.review_id = review.id
    LEFT OUTER JOIN reviews_criterion AS criterion ON criterion.id = score.criterion_id
    WHERE assignment.id IN ({assignments})
    GROUP BY assignment.application_id, assignment.id, review.id, review.recommendation
),
means AS (
    SELECT
        application_id,
        review_id,
        recommendation,
        weighted_sum,
        weight_sum,
        CAST(weighted_sum AS DOUBLE PRECISION)
            / CAST(NULLIF(weight_sum, 0) AS DOUBLE PRECISION) AS mean
    FROM per_assignment
),
figures AS (
    SELECT
        means.application_id AS application_id,
        CAST(SUM(weighted_sum) AS DOUBLE PRECISION)
            / CAST(NULLIF(SUM(weight_sum), 0) AS DOUBLE PRECISION) AS weighted_mean,
        MAX(mean) AS highest_mean,
        MIN(mean) AS lowest_mean,
        COUNT(review_id) AS reviews_submitted,
        COUNT(*) AS reviews_assigned,
        SUM(CASE WHEN recommendation = %s THEN 1 ELSE 0 END) AS admit_count,
        SUM(CASE WHEN recommendation = %s THEN 1 ELSE 0 END) AS conditions_count,
        SUM(CASE WHEN recommendation = %s THEN 1 ELSE 0 END) AS reject_count
    FROM means
    GROUP BY means.application_id
),
scale AS (
    SELECT call_id, MAX(scale_max) - MIN(scale_min) AS width
    FROM reviews_criterion
    GROUP BY call_id
)
INSERT INTO reviews_application_scores (
    application_id, weighted_mean, highest_mean, lowest_mean, spread, large_spread,
    reviews_submitted, reviews_assigned, admit_count, conditions_count, reject_count
)
SELECT
    figures.application_id,
    figures.weighted_mean,
    figures.highest_mean,
    figures.lowest_mean,
    CASE WHEN figures.reviews_submitted >= 2
         THEN figures.highest_mean - figures.lowest_mean END,
    CASE WHEN figures.reviews_submitted >= 2
              AND figures.highest_mean >= figures.lowest_mean + scale.width * %s
         THEN TRUE ELSE FALSE END,
    figures.reviews_submitted,
    figures.reviews_assigned,
    figures.admit_count,
    figures.conditions_count,
    figures.reject_count
FROM figures
INNER JOIN applications_application AS application
    ON application.id = figures.application_id
LEFT OUTER JOIN scale ON scale.call_id = application.call_id
"""


def refresh_ranking(*, applications) -> None:
    """Compute again the stored ranking figures (``ApplicationScores``) of ``applications``
    (a queryset): their weighted means, spreads and counts.

    Every domain function that changes what they are made of calls this in its own
    transaction: a submitted review, an assignment made or removed, a conflict declared or
    withdrawn, a criterion's weight or scale. Whatever loads reviews in bulk without them
    (a data import, a benchmark's seeding) calls it once at the end.

    The applications' rows are locked first: two reviews of one application submitted at
    the same moment are counted one after the other, each with the other's committed.
    """
    with transaction.atomic():
        chosen = applications.order_by().values("pk")
        locked = (
            Application.objects.filter(pk__in=chosen)
            .order_by("pk")
            .select_for_update(no_key=True)
            .values_list("pk", flat=True)
        )
        if not list(locked):
            return
        ApplicationScores.objects.filter(application__in=chosen).delete()
        counted = (
            Assignment.objects.filter(application__in=chosen)
            .exclude(conflicted())
            .order_by()
            .values("pk")
        )
        subquery, subquery_params = counted.query.sql_with_params()
        params = [
            ReviewStatus.SUBMITTED,
            *subquery_params,
            Recommendation.ADMIT,
            Recommendation.ADMIT_WITH_CONDITIONS,
            Recommendation.DO_NOT_ADMIT,
            LARGE_SPREAD_SHARE,
        ]
        with connection.cursor() as cursor:
            cursor.execute(_REFRESH_RANKING.format(assignments=subquery), params)


def _refresh(application_id):
    refresh_ranking(applications=Application.objects.filter(pk=application_id))


def _refresh_call(call):
    refresh_ranking(applications=Application.objects.filter(call=call))


# Decisions --------------------------------------------------------------------------------


@transaction.atomic
def record_decision(*, application, outcome, reason, by, now=None) -> Decision:
    """Record (or change, until released) the decision on an application.

    Moves the candidacy to the decision stage if it is not there yet; from the completeness
    check or due diligence that is how an application is screened out.
    """
    outcome = DecisionOutcome(outcome)
    reason = (reason or "").strip()
    if not reason:
        raise DecisionRefused(_("Give the reason for the decision."))
    if not by.has_perm("accounts.coordinate"):
        raise DecisionRefused(_("Only coordinators record decisions."))
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is not None and decision.is_released:
        raise DecisionRefused(
            _("The decision on %(reference)s has been released and can no longer change.")
            % {"reference": application.reference}
        )
    candidacy = ensure_candidacy(application)
    if candidacy.stage != ReviewStage.DECISION:
        move_stage(application=application, to_stage=ReviewStage.DECISION, by=by, now=now)
    decision = decision or Decision(application=application)
    decision.outcome = outcome
    decision.reason = reason
    decision.decided_by = by
    decision.decided_at = now or timezone.now()
    _by(decision, by).save()
    return decision


@transaction.atomic
def release_decisions(*, decisions, by, now=None) -> list[Decision]:
    """Release decisions to their applicants: the status becomes "decided", and each
    application's editors get the decision e-mail (queued once the transaction commits).

    Returns the decisions released now; those released before are left as they are.
    """
    if not by.has_perm("accounts.coordinate"):
        raise DecisionRefused(_("Only coordinators release decisions."))
    now = now or timezone.now()
    released = []
    for decision in (
        Decision.objects.select_for_update(of=("self",))
        .filter(pk__in=[decision.pk for decision in decisions], released_at__isnull=True)
        .select_related("application")
        .order_by("application__reference")
    ):
        application = lock_application(decision.application)
        set_application_status(
            application=application,
            to_status=ApplicationStatus.DECIDED,
            by=by,
            detail=str(DecisionOutcome(decision.outcome).label),
            now=now,
        )
        decision.released_at = now
        decision.released_by = by
        decision._change_reason = "released"
        _by(decision, by).save(update_fields=["released_at", "released_by"])
        tasks.send_decision_email.delay_on_commit(decision.pk)
        decision_released.send(sender=Decision, decision=decision, by=by)
        released.append(decision)
    return released


def ensure_default_decision_emails():
    """The decision e-mail for every call, in each language, where it is missing."""
    for language, template in DEFAULT_DECISION_EMAILS.items():
        DecisionEmailTemplate.objects.get_or_create(call=None, language=language, defaults=template)


def send_decision_email(*, decision, now=None) -> int:
    """E-mail a released decision to each editor of the application, once."""
    if not decision.is_released or decision.emailed_at is not None:
        return 0
    sent = 0
    for editor in decision.application.editors.select_related("user").order_by("added_at", "id"):
        subject, body = decision_email(decision=decision, recipient=editor.user)
        sent += send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [editor.user.email],
            html_message=html_body(body),
        )
    decision.emailed_at = now or timezone.now()
    decision._change_reason = "e-mail sent"
    decision.save(update_fields=["emailed_at"])
    return sent
