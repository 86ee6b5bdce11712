"""Who is due a reminder at a moment: one function per kind, each a fixed number of queries
whatever the number of rows (joins and prefetches here, occasions computed in Python).

Each returns ``Due`` items; ``domain.send_due_reminders`` drops those already sent and those
turned off, and sends the rest.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEditor
from letters.models import Letter, LetterInvitation
from letters.tokens import invitation_token
from members.enums import Status as MemberStatus
from members.models import ActionPlan, Commitment, EndOfCommitmentReport, MemberEditor, Milestone
from reviews.enums import ReviewStage
from reviews.models import Assignment, Candidacy, Decision
from reviews.queries import coordinators, outstanding_assignments, overdue_assignments

from .enums import OVERDUE, ReminderKind, before
from .models import days_for


@dataclass
class Due:
    kind: str
    occasion: str
    about: object
    email: str
    language: str
    template: str
    context: dict
    recipient: object = None
    call: object = None
    # Called inside the recipient's language with the context, for what only a send needs
    # (the checklist's missing items): never for a reminder already sent or turned off.
    details: object = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.kind, self.about._meta.label_lower, self.about.pk, self.email, self.occasion)


def link(name, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def occasion_before(deadline, days, now):
    """The latest "N days before" occasion reached at ``now`` (earlier ones missed while
    beat was down are not sent late), or None before the first and from the deadline on."""
    if deadline is None or now >= deadline:
        return None
    reached = [day for day in days if now >= deadline - timedelta(days=day)]
    return before(min(reached)) if reached else None


def end_of_day(day):
    """A date's deadline: the start of the next day, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _open_at(now):
    return Q(call__opens_at__lte=now, call__closes_at__gt=now)


def draft_dues(now):
    """Editors of draft applications in an open call, on the call's days before the close."""
    editors = ApplicationEditor.objects.filter(user__is_active=True).select_related("user")
    applications = (
        Application.objects.filter(_open_at(now), status=ApplicationStatus.DRAFT)
        .select_related("call__reminder_settings", "lead_government")
        .prefetch_related(Prefetch("editors", queryset=editors, to_attr="active_editors"))
    )
    for application in applications:
        call = application.call
        occasion = occasion_before(call.closes_at, days_for(call, "draft"), now)
        if occasion is None:
            continue
        for editor in application.active_editors:
            yield Due(
                kind=ReminderKind.DRAFT_DEADLINE,
                occasion=occasion,
                about=application,
                email=editor.user.email,
                recipient=editor.user,
                language=editor.user.language,
                call=call,
                template="reminders/emails/draft_deadline",
                context={
                    "application": application,
                    "call": call,
                    "days": int(occasion.removeprefix("before:")),
                    "link": link("application_detail", reference=application.reference),
                },
                details=_missing_items,
            )


def _missing_items(context):
    from applications.checklist import build_checklist

    checklist = build_checklist(context["application"])
    return {"missing": [item.missing or item.label for item in checklist.missing]}


def invitation_dues(now):
    """Letter authors invited by a draft of an open call who have not uploaded, on the call's
    days before the close; none once the invitation is withdrawn or a letter came through it."""
    uploaded = Letter.objects.filter(invitation=OuterRef("pk"))
    invitations = (
        LetterInvitation.objects.active()
        .filter(
            application__status=ApplicationStatus.DRAFT,
            application__call__opens_at__lte=now,
            application__call__closes_at__gt=now,
        )
        .exclude(Exists(uploaded))
        .select_related("application__call__reminder_settings", "application__lead_government")
    )
    for invitation in invitations:
        application = invitation.application
        call = application.call
        occasion = occasion_before(call.closes_at, days_for(call, "invitation"), now)
        if occasion is None:
            continue
        yield Due(
            kind=ReminderKind.LETTER_INVITATION,
            occasion=occasion,
            about=invitation,
            email=invitation.email,
            language=application.language,
            call=call,
            template="reminders/emails/letter_invitation",
            context={
                "invitation": invitation,
                "application": application,
                "call": call,
                "days": int(occasion.removeprefix("before:")),
                "link": link("letter_invitation", token=invitation_token(invitation)),
            },
        )


def review_dues(now):
    """Each reviewer with reviews outstanding (at committee review) in a call with a review
    deadline: one reminder per call on the call's days before the deadline, and one once it
    has passed."""
    assignments = (
        outstanding_assignments(
            Assignment.objects.filter(
                reviewer__is_active=True,
                # Reviewers can score only once the application is at committee review.
                application__candidacy__stage=ReviewStage.COMMITTEE_REVIEW,
                application__call__review_deadline__isnull=False,
                application__status__in=[
                    ApplicationStatus.SUBMITTED,
                    ApplicationStatus.UNDER_REVIEW,
                ],
            )
        )
        .select_related(
            "reviewer", "application__lead_government", "application__call__reminder_settings"
        )
        .order_by("application__call", "reviewer", "application__reference")
    )
    grouped = defaultdict(list)
    for assignment in assignments:
        grouped[(assignment.application.call, assignment.reviewer)].append(assignment.application)
    for (call, reviewer), applications in grouped.items():
        deadline = call.review_deadline
        if now >= deadline:
            kind, occasion = ReminderKind.REVIEW_OVERDUE, OVERDUE
        else:
            kind = ReminderKind.REVIEW_DUE
            occasion = occasion_before(deadline, days_for(call, "review"), now)
            if occasion is None:
                continue
        yield Due(
            kind=kind,
            occasion=occasion,
            about=call,
            email=reviewer.email,
            recipient=reviewer,
            language=reviewer.language,
            call=call,
            template=f"reminders/emails/{kind}",
            context={
                "call": call,
                "applications": applications,
                "link": link("admin:index"),
            },
        )


def _to_member_editors(member, **due):
    for editor in member.active_editors:
        yield Due(
            email=editor.user.email,
            recipient=editor.user,
            language=editor.user.language,
            **due,
        )


def milestone_dues(now):
    """Editors of a member whose published plan has a milestone not done, on the days before
    its expected completion."""
    today = timezone.localdate(now)
    days = sorted(settings.REMINDER_DAYS["milestone"], reverse=True)
    milestones = (
        Milestone.objects.filter(
            done_on__isnull=True,
            commitment__plan__status=MemberStatus.PUBLISHED,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=max(days, default=0)),
        )
        .select_related("commitment__plan__member")
        .prefetch_related(
            Prefetch(
                "commitment__plan__member__editors",
                queryset=_editors_queryset(),
                to_attr="active_editors",
            )
        )
    )
    for milestone in milestones:
        occasion = occasion_before(end_of_day(milestone.due_on), days, now)
        if occasion is None:
            continue
        member = milestone.commitment.plan.member
        yield from _to_member_editors(
            member,
            kind=ReminderKind.MILESTONE_DUE,
            occasion=occasion,
            about=milestone,
            template="reminders/emails/milestone_due",
            context={
                "milestone": milestone,
                "commitment": milestone.commitment,
                "member": member,
                "link": link("members:plan_workspace", pk=milestone.commitment.plan_id),
            },
        )


def _editors_queryset():
    return MemberEditor.objects.filter(user__is_active=True).select_related("user")


# A commitment's end-of-commitment report is due this long after the commitment ends.
REPORT_DUE_AFTER = timedelta(days=30)


def report_dues(now):
    """Editors of a member with a commitment that ended (its last milestone, else its plan's
    end) less than a month ago and no report submitted: on the days before the month ends."""
    today = timezone.localdate(now)
    filed = EndOfCommitmentReport.objects.filter(
        commitment=OuterRef("pk"),
        status__in=[MemberStatus.SUBMITTED, MemberStatus.PUBLISHED],
    )
    commitments = (
        Commitment.objects.filter(plan__status=MemberStatus.PUBLISHED)
        .annotate(ends_on=Coalesce(Max("milestones__due_on"), F("plan__ends_on")))
        .filter(ends_on__lte=today, ends_on__gt=today - REPORT_DUE_AFTER)
        .exclude(Exists(filed))
        .select_related("plan__member")
        .prefetch_related(
            Prefetch(
                "plan__member__editors", queryset=_editors_queryset(), to_attr="active_editors"
            )
        )
    )
    days = sorted(settings.REMINDER_DAYS["report"], reverse=True)
    for commitment in commitments:
        due_on = commitment.ends_on + REPORT_DUE_AFTER
        occasion = occasion_before(end_of_day(due_on), days, now)
        if occasion is None:
            continue
        yield from _to_member_editors(
            commitment.plan.member,
            kind=ReminderKind.REPORT_DUE,
            occasion=occasion,
            about=commitment,
            template="reminders/emails/report_due",
            context={
                "commitment": commitment,
                "member": commitment.plan.member,
                "due_on": due_on,
                "link": link("members:report_edit", pk=commitment.pk),
            },
        )


def action_plan_dues(now):
    """Editors of a member whose action plan is not submitted: on the days before the start
    of its period (its deadline), and once it is late."""
    today = timezone.localdate(now)
    days = sorted(settings.REMINDER_DAYS["action_plan"], reverse=True)
    plans = (
        ActionPlan.objects.filter(
            status__in=[MemberStatus.DRAFT, MemberStatus.RETURNED],
            starts_on__lte=today + timedelta(days=max(days, default=0)),
        )
        .select_related("member")
        .prefetch_related(
            Prefetch("member__editors", queryset=_editors_queryset(), to_attr="active_editors")
        )
    )
    for plan in plans:
        deadline = timezone.make_aware(datetime.combine(plan.starts_on, time.min))
        occasion = OVERDUE if now >= deadline else occasion_before(deadline, days, now)
        if occasion is None:
            continue
        yield from _to_member_editors(
            plan.member,
            kind=ReminderKind.ACTION_PLAN_DUE,
            occasion=occasion,
            about=plan,
            template="reminders/emails/action_plan_due",
            context={
                "plan": plan,
                "member": plan.member,
                "deadline": deadline,
                "link": link("members:plan_workspace", pk=plan.pk),
            },
        )


def coordinator_digest_dues(now):
    """Each coordinator, once a week (the first run of the ISO week), when anything waits."""
    waiting = {
        "completeness": Candidacy.objects.filter(stage=ReviewStage.COMPLETENESS).count(),
        "overdue_reviews": overdue_assignments(now=now).count(),
        "unreleased": Decision.objects.filter(released_at__isnull=True).count(),
    }
    if not any(waiting.values()):
        return
    year, week, _ = timezone.localtime(now).isocalendar()
    for user in coordinators():
        yield Due(
            kind=ReminderKind.COORDINATOR_DIGEST,
            occasion=f"week:{year}-W{week:02d}",
            about=user,
            email=user.email,
            recipient=user,
            language=user.language,
            template="reminders/emails/coordinator_digest",
            context={**waiting, "link": link("admin:index")},
        )


FINDERS = [
    draft_dues,
    invitation_dues,
    review_dues,
    milestone_dues,
    report_dues,
    action_plan_dues,
    coordinator_digest_dues,
]
