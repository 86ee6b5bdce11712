"""Every write of the members room: admission, editors, plans, milestones and reports.

Views, admin actions, the demo and tests call these functions. Status changes of plans and
reports go through set_status() only, against enums.ALLOWED_TRANSITIONS; each one writes a
MemberEvent with the comment, so the member sees why a plan came back.
"""

import rules
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications import invitations
from reviews.enums import DecisionOutcome

from . import tasks
from .enums import ALLOWED_TRANSITIONS, EDITABLE_STATUSES, EventKind, Status
from .exceptions import NotAllowed, PlanIncomplete, TransitionRefused
from .models import (
    ActionPlan,
    EndOfCommitmentReport,
    Member,
    MemberEditor,
    MemberEditorInvitation,
    MemberEvent,
    MemberPartner,
    Milestone,
)
from .rules import is_coordinator, is_member_editor
from .status import move_status

MIN_COMMITMENTS = 1
# What a commitment's milestones and a report's evidence links may add up to.
MILESTONES_PER_COMMITMENT = 30
EVIDENCE_LINKS_PER_REPORT = 30


def commitment_limit():
    """The most commitments a new plan may have (setting MEMBERS_MAX_COMMITMENTS, default 5);
    a coordinator may change it for one plan in the desk."""
    return getattr(settings, "MEMBERS_MAX_COMMITMENTS", 5)


# Admission ------------------------------------------------------------------------------------


@transaction.atomic
def admit_member(*, application, by=None, now=None) -> Member:
    """Make the application's lead government a member, with its partners and editors.

    Idempotent: a second call (a decision released twice, a retried task) returns the member
    made the first time. The application row is locked so two releases cannot both create one.
    """
    from applications.models import Application

    application = Application.objects.select_for_update().get(pk=application.pk)
    existing = Member.objects.filter(application=application).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    government = application.lead_government
    member = Member.objects.create(
        application=application,
        name=government.name,
        country=government.country,
        government_level=government.government_level or "other",
        year_joined=timezone.localdate(now).year,
        language=application.language,
    )
    MemberPartner.objects.bulk_create(
        MemberPartner(member=member, name=partner.organisation.name, role=partner.role)
        for partner in application.partners.select_related("organisation")
    )
    MemberEditor.objects.bulk_create(
        MemberEditor(member=member, user_id=user_id)
        for user_id in application.editors.values_list("user_id", flat=True)
    )
    MemberEvent.objects.create(member=member, kind=EventKind.ADMITTED, actor=by, created_at=now)
    return member


def admit_on_release(sender, decision, by=None, **kwargs):
    """Receiver of reviews.signals.decision_released."""
    if decision.outcome == DecisionOutcome.ADMITTED:
        admit_member(application=decision.application, by=by, now=decision.released_at)


@transaction.atomic
def register_member(
    *, name, country, government_level, year_joined, language, partners=(), editors=()
) -> Member:
    """A member who joined before the portal (no application here). ``partners`` are
    (name, role) pairs. Running it again with the same name and country changes nothing."""
    member = Member.objects.filter(name=name, country=country, application=None).first()
    if member is not None:
        return member
    member = Member.objects.create(
        name=name,
        country=country,
        government_level=government_level,
        year_joined=year_joined,
        language=language,
    )
    MemberPartner.objects.bulk_create(
        MemberPartner(member=member, name=partner, role=role) for partner, role in partners
    )
    MemberEditor.objects.bulk_create(MemberEditor(member=member, user=user) for user in editors)
    return member


def ensure_independent(*, member, user):
    """Nobody edits a member whose Monitoring Body they belong to (the monitoring room, above
    this one, answers the permission ``monitoring.monitor_member``)."""
    if rules.has_perm("monitoring.monitor_member", user, member):
        raise NotAllowed(
            _(
                "%(email)s belongs to the Monitoring Body of %(member)s. A Monitoring Body is "
                "independent of the member: nobody can be both its editor and its monitor."
            )
            % {"email": user.email, "member": member.name}
        )


def _lock_member(member):
    return Member.objects.select_for_update().get(pk=member.pk)


class MemberEditorInvitations(invitations.Flow):
    """Invitations to edit a member: the applications' flow (applications.invitations), so
    a colleague with an account accepts an invitation too, and the inviter is told the same
    whether or not the address has an account."""

    model = MemberEditorInvitation
    target = "member"
    refusal = NotAllowed
    template = "members/emails/editor_invitation"

    def lock(self, target):
        return _lock_member(target)

    def add_editor(self, target, user):
        ensure_independent(member=target, user=user)
        MemberEditor.objects.get_or_create(member=target, user=user)

    def record(self, target, step, *, by, email, now, invitation):
        kind = {
            invitations.INVITED: EventKind.EDITOR_INVITED,
            invitations.JOINED: EventKind.EDITOR_JOINED,
            invitations.WITHDRAWN: EventKind.EDITOR_INVITATION_WITHDRAWN,
        }[step]
        MemberEvent.objects.create(
            member=target, kind=kind, comment=email, actor=by, created_at=now
        )

    def may_invite(self, by, target):
        return is_member_editor(by, target)

    def may_withdraw(self, by, invitation):
        return is_member_editor(by, invitation.member)

    def not_an_editor(self):
        return _("Only the member's editors may add editors.")

    def already_editor(self, email):
        return _("%(email)s is already an editor of this member.") % {"email": email}

    def too_many(self, limit):
        return _(
            "Editor invitations sent for this member in the last 24 hours: %(count)d, "
            "the most allowed. Please try again tomorrow."
        ) % {"count": limit}

    def invalid_link(self):
        return _("This invitation link is not valid. Ask for a new invitation.")

    def may_not_withdraw(self):
        return _("Only the member's editors may withdraw its invitations.")

    def already_accepted(self, email):
        return _("%(email)s has already accepted the invitation.") % {"email": email}

    def already_withdrawn(self, email):
        return _("The invitation to %(email)s was already withdrawn.") % {"email": email}


editor_invitations = MemberEditorInvitations()


def invite_editor(*, member, email, by, accept_url_for, now=None) -> MemberEditorInvitation:
    """An editor of the member invites a colleague by e-mail, with or without an account: an
    e-mail in the member's language with a link that works once, for the invited address
    (applications.invitations). ``accept_url_for(token)`` builds the link."""
    return editor_invitations.invite(
        target=member, email=email, by=by, accept_url_for=accept_url_for, now=now
    )


def find_editor_invitation(token: str) -> MemberEditorInvitation:
    """The pending invitation of this link, or NotAllowed saying why the link is dead."""
    return editor_invitations.find(token)


def accept_editor_invitation(*, token: str, user, now=None) -> Member:
    """The invited person, signed in with the invited address, becomes an editor."""
    return editor_invitations.accept(token=token, user=user, now=now)


def withdraw_editor_invitation(*, invitation, by, now=None) -> MemberEditorInvitation:
    """Any editor of the member withdraws an invitation not yet accepted: its link stops
    working at once."""
    return editor_invitations.withdraw(invitation=invitation, by=by, now=now)


# Status changes -------------------------------------------------------------------------------


STATUS_STAMPS = {Status.SUBMITTED: "submitted_at", Status.PUBLISHED: "published_at"}


def set_status(*, obj, to_status, by, comment="", now=None):
    """The one door for the status of a plan or a report."""
    now = now or timezone.now()
    from_status = move_status(
        obj=obj,
        to_status=to_status,
        statuses=Status,
        allowed=ALLOWED_TRANSITIONS,
        stamps=STATUS_STAMPS,
        now=now,
    )
    is_plan = isinstance(obj, ActionPlan)
    MemberEvent.objects.create(
        member_id=obj.member_id if is_plan else obj.commitment.plan.member_id,
        plan=obj if is_plan else obj.commitment.plan,
        report=None if is_plan else obj,
        kind=EventKind.STATUS_CHANGED,
        from_status=from_status,
        to_status=obj.status,
        comment=comment,
        actor=by,
        created_at=now,
    )
    return obj


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def ensure_editable(*, obj, user):
    """Refuse unless ``user`` edits the member and the plan or report is a draft or returned."""
    if not is_member_editor(user, obj):
        raise NotAllowed(_("Only the member's editors may change this."))
    if obj.status not in EDITABLE_STATUSES:
        raise NotAllowed(
            _("This %(kind)s is %(status)s and can no longer be changed.")
            % {"kind": obj._meta.verbose_name, "status": obj.get_status_display().lower()}
        )


def _require_coordinator(user):
    if not is_coordinator(user):
        raise NotAllowed(_("Only coordinators review and publish."))


def _require_comment(comment):
    comment = (comment or "").strip()
    if not comment:
        raise TransitionRefused(_("Say what the member should change."))
    return comment


# Action plans ---------------------------------------------------------------------------------


def create_plan(*, member, by, **fields) -> ActionPlan:
    if not is_member_editor(by, member):
        raise NotAllowed(_("Only the member's editors may draft its action plans."))
    return ActionPlan.objects.create(member=member, max_commitments=commitment_limit(), **fields)


def plan_problems(plan, *, max_commitments=None) -> list[str]:
    """What stops a plan from being submitted, in the user's language."""
    limit = max_commitments or plan.max_commitments
    problems = []
    commitments = list(plan.commitments.prefetch_related("milestones"))
    if not MIN_COMMITMENTS <= len(commitments) <= limit:
        problems.append(
            _("An action plan has from %(min)s to %(max)s commitments; this one has %(count)s.")
            % {"min": MIN_COMMITMENTS, "max": limit, "count": len(commitments)}
        )
    if plan.ends_on <= plan.starts_on:
        problems.append(_("The plan's period must end after it starts."))
    for commitment in commitments:
        if not commitment.milestones.all():
            problems.append(
                _("Commitment “%(title)s” has no milestones yet.") % {"title": commitment.title}
            )
        if not commitment.ogp_values:
            problems.append(
                _("Commitment “%(title)s” names no OGP value.") % {"title": commitment.title}
            )
    return problems


@transaction.atomic
def submit_plan(*, plan, by, max_commitments=None, now=None) -> ActionPlan:
    plan = _locked(plan)
    ensure_editable(obj=plan, user=by)
    problems = plan_problems(plan, max_commitments=max_commitments)
    if problems:
        raise PlanIncomplete(" ".join(problems))
    return set_status(obj=plan, to_status=Status.SUBMITTED, by=by, now=now)


@transaction.atomic
def return_plan(*, plan, by, comment, now=None) -> ActionPlan:
    _require_coordinator(by)
    comment = _require_comment(comment)
    return set_status(obj=_locked(plan), to_status=Status.RETURNED, by=by, comment=comment, now=now)


@transaction.atomic
def comment_on_plan(*, plan, by, comment, now=None) -> MemberEvent:
    """The Support Unit comments on a plan under review without returning it yet; the member
    reads the comment in the plan's history."""
    _require_coordinator(by)
    plan = _locked(plan)
    if plan.status != Status.SUBMITTED:
        raise TransitionRefused(_("Only a submitted action plan is under review."))
    comment = (comment or "").strip()
    if not comment:
        raise TransitionRefused(_("Write the comment first."))
    return MemberEvent.objects.create(
        member_id=plan.member_id,
        plan=plan,
        kind=EventKind.COMMENTED,
        comment=comment,
        actor=by,
        created_at=now or timezone.now(),
    )


@transaction.atomic
def publish_plan(*, plan, by, now=None) -> ActionPlan:
    _require_coordinator(by)
    plan = set_status(obj=_locked(plan), to_status=Status.PUBLISHED, by=by, now=now)
    tasks.render_plan_pdf_task.delay_on_commit(plan.pk)
    return plan


def render_plan_pdf(*, plan) -> ActionPlan:
    """Render a published plan to PDF in the member's language and keep it on the plan."""
    from .pdf import plan_pdf

    if plan.status != Status.PUBLISHED:
        return plan
    with translation.override(plan.member.language):
        content = plan_pdf(plan)
    if plan.pdf:
        plan.pdf.delete(save=False)
    plan.pdf.save(f"plans/plan-{plan.pk}.pdf", ContentFile(content), save=False)
    plan.pdf_rendered_at = timezone.now()
    plan.save(update_fields=["pdf", "pdf_rendered_at"])
    return plan


# Milestones -----------------------------------------------------------------------------------


def check_milestone_total(*, commitment) -> None:
    """After a save, inside its transaction (under the plan's lock): two saves from the same
    page, each within the form's ceiling, must not add up past it."""
    if commitment.milestones.count() > MILESTONES_PER_COMMITMENT:
        raise NotAllowed(
            _("A commitment has at most %(num)d milestones.") % {"num": MILESTONES_PER_COMMITMENT}
        )


def check_evidence_total(*, report) -> None:
    """As check_milestone_total(), for a report's evidence links (under the report's lock)."""
    if report.evidence.count() > EVIDENCE_LINKS_PER_REPORT:
        raise NotAllowed(
            _("A report has at most %(num)d evidence links.") % {"num": EVIDENCE_LINKS_PER_REPORT}
        )


@transaction.atomic
def mark_milestone_done(*, milestone, by, done_on, evidence_url="", now=None) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("commitment__plan")
        .get(pk=milestone.pk)
    )
    if not is_member_editor(by, milestone):
        raise NotAllowed(_("Only the member's editors may track its milestones."))
    if milestone.commitment.plan.status != Status.PUBLISHED:
        raise NotAllowed(_("Milestones are tracked once the action plan is published."))
    if done_on > timezone.localdate():
        raise NotAllowed(_("A milestone cannot be done on a date in the future."))
    milestone.done_on = done_on
    milestone.evidence_url = evidence_url
    milestone.save(update_fields=["done_on", "evidence_url"])
    # The published plan's PDF shows which milestones are done.
    tasks.render_plan_pdf_task.delay_on_commit(milestone.commitment.plan_id)
    MemberEvent.objects.create(
        member_id=milestone.commitment.plan.member_id,
        plan=milestone.commitment.plan,
        kind=EventKind.MILESTONE_DONE,
        comment=milestone.title,
        actor=by,
        created_at=now or timezone.now(),
    )
    return milestone


# End-of-commitment reports --------------------------------------------------------------------


def ensure_report_allowed(*, commitment, user):
    if not is_member_editor(user, commitment):
        raise NotAllowed(_("Only the member's editors may write its reports."))
    plan_status = ActionPlan.objects.values_list("status", flat=True).get(pk=commitment.plan_id)
    if plan_status != Status.PUBLISHED:
        raise NotAllowed(_("Reports are written for commitments of a published action plan."))
    report = EndOfCommitmentReport.objects.filter(commitment=commitment).first()
    if report is not None:
        ensure_editable(obj=report, user=user)


@transaction.atomic
def submit_report(*, report, by, now=None) -> EndOfCommitmentReport:
    report = _locked(report)
    ensure_editable(obj=report, user=by)
    return set_status(obj=report, to_status=Status.SUBMITTED, by=by, now=now)


@transaction.atomic
def return_report(*, report, by, comment, now=None) -> EndOfCommitmentReport:
    _require_coordinator(by)
    comment = _require_comment(comment)
    return set_status(
        obj=_locked(report), to_status=Status.RETURNED, by=by, comment=comment, now=now
    )


@transaction.atomic
def publish_report(*, report, by, now=None) -> EndOfCommitmentReport:
    _require_coordinator(by)
    return set_status(obj=_locked(report), to_status=Status.PUBLISHED, by=by, now=now)
