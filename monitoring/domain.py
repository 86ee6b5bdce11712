"""Every write of the monitoring room: Monitoring Bodies and their people, assessments, the
member's comments on them, and the Support Unit's letter on acting contrary to process.

Views, admin actions, the demo and tests call these functions. Status changes of assessments
go through set_assessment_status() only, against enums.ALLOWED_TRANSITIONS; each one writes a
MonitoringEvent.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_coordinator
from applications.mail import send_mail_in_language
from applications.models import hash_token
from members import tasks as member_tasks
from members.enums import Status
from members.models import ActionPlan, Member, MemberEditor
from members.status import move_status

from . import process
from .enums import ALLOWED_TRANSITIONS, OPEN_STATUSES, AssessmentStatus, MonitoringEventKind
from .exceptions import NotAllowed, NotIndependent, TransitionRefused
from .models import (
    ContraryToProcessLetter,
    EndOfCommitmentAssessment,
    InceptionAssessment,
    Monitor,
    MonitoringBody,
    MonitoringEvent,
    MonitorInvitation,
)
from .rules import is_editor_of_member, is_monitor


def _require_coordinator(user, message=None):
    if not is_coordinator(user):
        raise NotAllowed(message or _("Only the OGP Support Unit does this."))


def _event(*, member_id, kind, by, now, assessment=None, **fields):
    links = {}
    if isinstance(assessment, InceptionAssessment):
        links["inception"] = assessment
    elif isinstance(assessment, EndOfCommitmentAssessment):
        links["end_of_commitment"] = assessment
    return MonitoringEvent.objects.create(
        member_id=member_id, kind=kind, actor=by, created_at=now, **links, **fields
    )


# Monitoring Bodies and their people -----------------------------------------------------------


def independence_refusal(*, member, email) -> str | None:
    """Why the person with ``email`` cannot monitor ``member`` (they edit it), or None."""
    if MemberEditor.objects.filter(member=member, user__email__iexact=email).exists():
        return _(
            "%(email)s is an editor of %(member)s. A Monitoring Body is independent of the "
            "member: nobody can be both its editor and its monitor."
        ) % {"email": email, "member": member.name}
    return None


@transaction.atomic
def name_monitoring_body(*, member, name, by, website="", now=None) -> MonitoringBody:
    """The Support Unit names (or renames) the member's Monitoring Body."""
    _require_coordinator(by)
    name = (name or "").strip()
    if not name:
        raise NotAllowed(_("Give the Monitoring Body's name."))
    body, created = MonitoringBody.objects.update_or_create(
        member=member, defaults={"name": name, "website": website}
    )
    if created:
        _event(
            member_id=member.pk,
            kind=MonitoringEventKind.BODY_NAMED,
            comment=name,
            by=by,
            now=now or timezone.now(),
        )
    return body


def monitor_invitation_refusal(*, body, email) -> str | None:
    """Why ``email`` cannot be invited to ``body`` now, or None (the desk's form asks first)."""
    email = (email or "").strip().lower()
    if refusal := independence_refusal(member=body.member, email=email):
        return refusal
    if body.monitors.filter(user__email__iexact=email).exists():
        return _("%(email)s already belongs to this Monitoring Body.") % {"email": email}
    return None


def invite_monitor(*, body, email, by, accept_url_for, now=None) -> MonitorInvitation:
    """The Support Unit invites a person to the member's Monitoring Body: an e-mail with a link
    that works once (the token exists only in that e-mail), in the member's language."""
    _require_coordinator(by)
    email = (email or "").strip().lower()
    if refusal := monitor_invitation_refusal(body=body, email=email):
        raise NotIndependent(refusal)
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        body = MonitoringBody.objects.select_for_update().select_related("member").get(pk=body.pk)
        limit = settings.EDITOR_INVITATIONS_PER_DAY
        if body.invitations.filter(created_at__gte=now - timedelta(days=1)).count() >= limit:
            raise NotAllowed(
                _(
                    "Invitations sent for this Monitoring Body in the last 24 hours: %(count)d, "
                    "the most allowed. Please try again tomorrow."
                )
                % {"count": limit}
            )
        invitation = MonitorInvitation.objects.create(
            body=body,
            email=email,
            token_hash=hash_token(token),
            invited_by=by,
            expires_at=now + MonitorInvitation.INVITATION_LIFETIME,
        )
        _event(
            member_id=body.member_id,
            kind=MonitoringEventKind.MONITOR_INVITED,
            comment=email,
            by=by,
            now=now,
        )
        transaction.on_commit(
            lambda: send_mail_in_language(
                to=[email],
                template="monitoring/emails/monitor_invitation",
                language=body.member.language,
                context={
                    "body": body,
                    "member": body.member,
                    "accept_url": accept_url_for(token),
                    "expires_at": invitation.expires_at,
                },
            )
        )
    return invitation


def find_monitor_invitation(token: str) -> MonitorInvitation:
    """The pending invitation of this link, or NotAllowed saying why the link is dead."""
    invitation = (
        MonitorInvitation.objects.select_related("body__member")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise NotAllowed(_("This invitation link is not valid. Ask for a new invitation."))
    if reason := invitation.dead_link_reason():
        raise NotAllowed(reason)
    return invitation


@transaction.atomic
def accept_monitor_invitation(*, token: str, user, now=None) -> Monitor:
    """The invited person, signed in with the invited address, joins the Monitoring Body;
    an editor of the member is refused, whatever the link says."""
    invitation = find_monitor_invitation(token)
    body = MonitoringBody.objects.select_for_update().get(pk=invitation.body_id)
    invitation = find_monitor_invitation(token)  # read again: withdrawn meanwhile?
    if reason := invitation.wrong_account_reason(user):
        raise NotAllowed(reason)
    if refusal := independence_refusal(member=body.member, email=user.email):
        raise NotIndependent(refusal)
    now = now or timezone.now()
    monitor, _created = Monitor.objects.get_or_create(body=body, user=user)
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _event(
        member_id=body.member_id,
        kind=MonitoringEventKind.MONITOR_JOINED,
        comment=user.email,
        by=user,
        now=now,
    )
    return monitor


# Assessments ----------------------------------------------------------------------------------


def _member_id(assessment):
    if isinstance(assessment, InceptionAssessment):
        return assessment.plan.member_id
    return assessment.commitment.plan.member_id


def _plan_id(assessment):
    if isinstance(assessment, InceptionAssessment):
        return assessment.plan_id
    return assessment.commitment.plan_id


STATUS_STAMPS = {AssessmentStatus.FILED: "filed_at", AssessmentStatus.PUBLISHED: "published_at"}


def set_assessment_status(*, assessment, to_status, by, comment="", now=None):
    """The one door for an assessment's status."""
    now = now or timezone.now()
    from_status = move_status(
        obj=assessment,
        to_status=to_status,
        statuses=AssessmentStatus,
        allowed=ALLOWED_TRANSITIONS,
        stamps=STATUS_STAMPS,
        now=now,
    )
    _event(
        member_id=_member_id(assessment),
        assessment=assessment,
        kind=MonitoringEventKind.STATUS_CHANGED,
        from_status=from_status,
        to_status=assessment.status,
        comment=comment,
        by=by,
        now=now,
    )
    return assessment


def _locked(assessment):
    return type(assessment).objects.select_for_update().get(pk=assessment.pk)


def ensure_can_assess(*, user, plan=None, commitment=None):
    """Refuse unless ``user`` monitors the member and the assessment may be written now: an
    inception assessment once the plan is submitted, an end-of-commitment assessment once the
    plan is published; and the assessment, if started, is a draft or returned."""
    subject = plan or commitment
    if not is_monitor(user, subject):
        raise NotAllowed(_("Only the member's Monitoring Body writes its assessments."))
    if plan is not None:
        if not ActionPlan.objects.filter(pk=plan.pk, submitted_at__isnull=False).exists():
            raise NotAllowed(_("The inception assessment is written once the plan is submitted."))
        existing = InceptionAssessment.objects.filter(plan=plan).first()
    else:
        plan_status = ActionPlan.objects.values_list("status", flat=True).get(pk=commitment.plan_id)
        if plan_status != Status.PUBLISHED:
            raise NotAllowed(
                _("End-of-commitment assessments are written once the plan is published.")
            )
        existing = EndOfCommitmentAssessment.objects.filter(commitment=commitment).first()
    if existing is not None and existing.status not in OPEN_STATUSES:
        raise NotAllowed(
            _("This assessment is %(status)s and can no longer be changed.")
            % {"status": existing.get_status_display().lower()}
        )
    return existing


def record_started(*, assessment, by, now=None):
    """Called once an assessment's first version is saved (by the view, after the form)."""
    _event(
        member_id=_member_id(assessment),
        assessment=assessment,
        kind=MonitoringEventKind.STARTED,
        by=by,
        now=now or timezone.now(),
    )


@transaction.atomic
def start_inception_assessment(*, plan, by, now=None, **answers) -> InceptionAssessment:
    """Write an inception assessment from code (the demo, tests); pages use the form."""
    ensure_can_assess(user=by, plan=plan)
    assessment = InceptionAssessment.objects.create(plan=plan, **answers)
    record_started(assessment=assessment, by=by, now=now)
    return assessment


@transaction.atomic
def start_end_of_commitment_assessment(
    *, commitment, by, evidence=(), now=None, **answers
) -> EndOfCommitmentAssessment:
    """Write an end-of-commitment assessment from code; ``evidence`` is (label, url) pairs."""
    ensure_can_assess(user=by, commitment=commitment)
    assessment = EndOfCommitmentAssessment.objects.create(commitment=commitment, **answers)
    for label, url in evidence:
        assessment.evidence.create(label=label, url=url)
    record_started(assessment=assessment, by=by, now=now)
    return assessment


@transaction.atomic
def comment_on_assessment(*, assessment, by, comment, now=None) -> MonitoringEvent:
    """A member's editor comments on a draft assessment (before it is filed); they never
    change it."""
    assessment = _locked(assessment)
    if not is_editor_of_member(by, assessment):
        raise NotAllowed(_("Only the member's editors comment on its assessments."))
    if assessment.status not in OPEN_STATUSES:
        raise NotAllowed(_("The assessment is filed: comments are closed."))
    comment = (comment or "").strip()
    if not comment:
        raise NotAllowed(_("Write your comment first."))
    return _event(
        member_id=_member_id(assessment),
        assessment=assessment,
        kind=MonitoringEventKind.COMMENTED,
        comment=comment,
        by=by,
        now=now or timezone.now(),
    )


@transaction.atomic
def file_assessment(*, assessment, by, now=None):
    """The Monitoring Body files the assessment with the Support Unit."""
    assessment = _locked(assessment)
    if not is_monitor(by, assessment):
        raise NotAllowed(_("Only the member's Monitoring Body files its assessments."))
    return set_assessment_status(
        assessment=assessment, to_status=AssessmentStatus.FILED, by=by, now=now
    )


@transaction.atomic
def return_assessment(*, assessment, by, comment, now=None):
    _require_coordinator(by, _("Only coordinators review and publish."))
    comment = (comment or "").strip()
    if not comment:
        raise TransitionRefused(_("Say what the Monitoring Body should change."))
    return set_assessment_status(
        assessment=_locked(assessment),
        to_status=AssessmentStatus.RETURNED,
        by=by,
        comment=comment,
        now=now,
    )


@transaction.atomic
def publish_assessment(*, assessment, by, now=None):
    """The Support Unit publishes a filed assessment; the plan's PDF is rendered again."""
    _require_coordinator(by, _("Only coordinators review and publish."))
    assessment = set_assessment_status(
        assessment=_locked(assessment), to_status=AssessmentStatus.PUBLISHED, by=by, now=now
    )
    member_tasks.render_plan_pdf_task.delay_on_commit(_plan_id(assessment))
    return assessment


# Acting contrary to process -------------------------------------------------------------------


@transaction.atomic
def send_contrary_to_process_letter(*, member, by, now=None, today=None) -> ContraryToProcessLetter:
    """The Support Unit writes to a member more than four months late on its action plan, in
    the member's language, to its editors; the letter is recorded."""
    from .queries import members_with_process  # noqa: PLC0415 (queries imports models late)

    _require_coordinator(by)
    member = members_with_process(Member.objects.filter(pk=member.pk)).get()
    status = process.process_status(member, today=today)
    if not status.contrary_to_process:
        raise NotAllowed(
            _("%(member)s is not more than four months late on its action plan.")
            % {"member": member.name}
        )
    recipients = sorted(member.editors.values_list("user__email", flat=True))
    if not recipients:
        raise NotAllowed(_("%(member)s has no editor to write to.") % {"member": member.name})
    now = now or timezone.now()
    plan_due = process.plan_due_on(member)
    letter = ContraryToProcessLetter.objects.create(
        member=member,
        language=member.language,
        recipients=recipients,
        plan_due_on=plan_due,
        months_late=status.plan_months_late,
        sent_by=by,
        sent_at=now,
    )
    _event(
        member_id=member.pk,
        kind=MonitoringEventKind.CONTRARY_TO_PROCESS_LETTER,
        comment=", ".join(recipients),
        by=by,
        now=now,
    )
    transaction.on_commit(
        lambda: send_mail_in_language(
            to=recipients,
            template="monitoring/emails/contrary_to_process",
            language=member.language,
            context={
                "member": member,
                "plan_due_on": plan_due,
                "months_late": status.plan_months_late,
            },
        )
    )
    return letter
