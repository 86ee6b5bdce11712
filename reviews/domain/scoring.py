"""Reviews: scores saved as a draft, then submitted."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import Recommendation, ReviewStatus
from ..exceptions import ReviewRefused
from ..models import Assignment, Review, Score
from ..rules import why_cannot_score
from .common import with_history_author
from .ranking import _refresh

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
    with_history_author(review, by).save()
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion_id, (value, comment) in scores.items():
        score = existing.get(criterion_id) or Score(review=review, criterion_id=criterion_id)
        comment = comment or ""
        if score.pk is None or (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            with_history_author(score, by).save()
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
        with_history_author(review, by).save(update_fields=["status", "submitted_at", "updated_at"])
        _refresh(assignment.application_id)
    return review
