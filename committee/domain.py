"""The committee's room: its discussion, the cohort it forms, its meetings and the feedback it
gives. Views, tests and tasks call these; each checks its own rule and raises a refusal whose
message the page shows as is. Decisions are recorded and released by ``reviews.domain``.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from reviews import domain as reviews_domain
from reviews.models import Decision

from . import tasks
from .enums import CohortDimension
from .exceptions import CohortRefused, DiscussionRefused
from .models import CohortPlan, CohortTarget, Comment, Meeting, ShortlistMark
from .queries import shareable_comments


def _by(instance, user):
    instance._history_user = user
    return instance


def _coordinator(by, message):
    if not by.has_perm("committee.hold_meeting"):
        raise CohortRefused(message)


# The discussion ---------------------------------------------------------------------------


@transaction.atomic
def write_comment(*, application, author, text, shareable=False, now=None) -> Comment:
    """Add to the committee's discussion of ``application``; the other participants get a
    notice once it commits."""
    if not author.has_perm("committee.discuss_application", application):
        raise DiscussionRefused(
            _("The discussion opens to a reviewer once their own review is submitted.")
        )
    text = (text or "").strip()
    if not text:
        raise DiscussionRefused(_("Write the comment first."))
    comment = _by(
        Comment(
            application=application,
            author=author,
            text=text,
            shareable=shareable,
            written_at=now or timezone.now(),
        ),
        author,
    )
    comment.save()
    tasks.notify_comment.delay_on_commit(comment.pk)
    return comment


def feedback_draft(application) -> str:
    """The feedback a coordinator starts from: the comments reviewers let the applicant read,
    without their names."""
    return "\n\n".join(comment.text for comment in shareable_comments(application))


# The cohort -------------------------------------------------------------------------------


def _candidate(application):
    if application.status == ApplicationStatus.WITHDRAWN or not hasattr(application, "candidacy"):
        raise CohortRefused(_("Only applications in review can be shortlisted."))
    decision = getattr(application, "decision", None)
    if decision is not None and decision.is_released:
        raise CohortRefused(
            _("The decision on %(reference)s is released; the shortlist no longer changes it.")
            % {"reference": application.reference}
        )


@transaction.atomic
def set_shortlisted(*, application, shortlisted, by, now=None) -> bool:
    """Mark ``application`` as proposed for the cohort, or take the mark away."""
    _coordinator(by, _("Only coordinators change the shortlist."))
    _candidate(application)
    mark = ShortlistMark.objects.select_for_update().filter(application=application).first()
    if shortlisted and mark is None:
        _by(
            ShortlistMark(application=application, marked_by=by, marked_at=now or timezone.now()),
            by,
        ).save()
    elif not shortlisted and mark is not None:
        _by(mark, by).delete()
    return shortlisted


@transaction.atomic
def save_cohort_plan(*, call, by, size=None, max_country_share=25, targets=None) -> CohortPlan:
    """The cohort's size, the largest share one country may take, and the targets
    ``{(dimension, value): count or None}`` (None removes a target)."""
    _coordinator(by, _("Only coordinators set the cohort's targets."))
    if not 1 <= int(max_country_share) <= 100:
        raise CohortRefused(_("A country's share is a percentage from 1 to 100."))
    plan = CohortPlan.objects.select_for_update().filter(call=call).first() or CohortPlan(call=call)
    plan.size = size
    plan.max_country_share = max_country_share
    _by(plan, by).save()
    for (dimension, value), target in (targets or {}).items():
        dimension = CohortDimension(dimension)
        existing = CohortTarget.objects.filter(call=call, dimension=dimension, value=value).first()
        if target is None:
            if existing is not None:
                _by(existing, by).delete()
            continue
        existing = existing or CohortTarget(call=call, dimension=dimension, value=value)
        existing.target = target
        _by(existing, by).save()
    return plan


# Meetings and decisions -------------------------------------------------------------------


@transaction.atomic
def record_attendance(*, call, attendees, by, held_on=None) -> Meeting:
    """Who sits in today's meeting on ``call`` (one meeting per call and day)."""
    _coordinator(by, _("Only coordinators keep the meeting's minutes."))
    meeting, _created = Meeting.objects.get_or_create(
        call=call,
        held_on=held_on or timezone.localdate(),
        defaults={"recorded_by": by},
    )
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def record_committee_decision(*, application, outcome, reason, feedback, by, now=None) -> Decision:
    """The committee's decision with its reason (``reviews.domain.record_decision``) and the
    feedback the applicant will read with it."""
    decision = reviews_domain.record_decision(
        application=application, outcome=outcome, reason=reason, by=by, now=now
    )
    decision.feedback = (feedback or "").strip()
    decision._change_reason = "feedback"
    _by(decision, by).save(update_fields=["feedback"])
    return decision


def release_call_decisions(*, call, by, now=None) -> list[Decision]:
    """Release every decision recorded on ``call`` and not yet released."""
    decisions = list(Decision.objects.filter(application__call=call, released_at__isnull=True))
    return reviews_domain.release_decisions(decisions=decisions, by=by, now=now)
