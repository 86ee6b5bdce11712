"""The shared scene of the permission matrix: two applicants' applications, their letters,
invitations and packets, reviewers in every relation to application A, a member with published
and unpublished plans and reports, and a coordinator. Built once per test module.

Who is who (the matrix's roles):

- ``editor_a`` owns application A (submitted, in committee review) and D (a draft in the same
  open call: letters through invitation links need a draft). ``editor_b`` owns B (a draft).
  ``editor_a`` also edits the member M (admitted earlier, outside the portal).
- ``pending_editor`` was invited to edit D and has not accepted.
- Invitees have no account: each holds one letter-invitation link (valid and used on D; expired
  and withdrawn on A) and has opened it once before the matrix runs.
- ``monitor_m`` belongs to M's Local Monitoring Body, which has filed and seen published an
  inception assessment of M's published plan and is drafting an end-of-commitment assessment;
  ``monitor_other`` belongs to the Monitoring Body of another member, and sees nothing of M.
- Reviewers (all from Kenya, A is Chilean): ``reviewer_assigned`` to A; ``reviewer_unassigned``;
  ``reviewer_conflicted`` (assigned, then declared a conflict); ``reviewer_same_country`` (assigned
  to A, then their country was changed to Chile: issue 10 item 7); ``reviewer_editor_of_a``
  (an editor of A assigned to it, as "assign evenly" did before issue 10 item 1);
  ``reviewer_drafting`` (assigned to A without a conflict, whose review is still a draft: they
  read A and score it, and see neither the others' reviews nor the committee's discussion,
  issue 21). ``reviewer_assigned`` has submitted and written in A's discussion.
- Issue 18 item 2: ``coordinator_without_second_factor`` and
  ``reviewer_assigned_without_second_factor`` are the coordinator and the assigned reviewer in a
  session that did not give their TOTP code; ``signed_in_before_promotion`` signed in as an
  applicant, then was made coordinator and enrolled elsewhere (``promote_after_sign_in``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.roles import appoint_coordinator
from applications import editors as applications_editors
from applications.enums import EditorRole
from applications.models import (
    ApplicationEditor,
    ChangeRequest,
    EditorInvitation,
    Extension,
    hash_token,
)
from committee import domain as committee_domain
from letters import domain as letters_domain
from letters.enums import LetterKind
from letters.models import LetterInvitation
from letters.tokens import invitation_token
from members import domain as members_domain
from members.models import Commitment, MemberEditorInvitation
from monitoring import domain as monitoring_domain
from monitoring.models import Monitor, MonitorInvitation
from packets.enums import PacketStatus
from packets.models import Packet
from reviews import domain as reviews_domain
from reviews.models import Assignment, ConflictOfInterest, DecisionEmailTemplate, Reviewer
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    PartnerFactory,
    UserFactory,
    add_required_letters,
    enrol_totp,
)
from tests.letters import samples
from tests.members.factories import draft_plan, draft_report, published_plan, published_report
from tests.monitoring.factories import END_OF_COMMITMENT_ANSWERS, INCEPTION_ANSWERS
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    scores_for,
    submit_scores,
    submitted_application,
)

ANONYMOUS = "anonymous"
EDITOR_A = "editor_a"
EDITOR_B = "editor_b"
PENDING_EDITOR = "pending_editor"
INVITEE_VALID = "invitee_valid"
INVITEE_USED = "invitee_used"
INVITEE_EXPIRED = "invitee_expired"
INVITEE_WITHDRAWN = "invitee_withdrawn"
REVIEWER_ASSIGNED = "reviewer_assigned"
REVIEWER_UNASSIGNED = "reviewer_unassigned"
REVIEWER_CONFLICTED = "reviewer_conflicted"
REVIEWER_SAME_COUNTRY = "reviewer_same_country"
REVIEWER_EDITOR_OF_A = "reviewer_editor_of_a"
REVIEWER_DRAFTING = "reviewer_drafting"
COORDINATOR = "coordinator"
MONITOR_M = "monitor_m"
MONITOR_OTHER = "monitor_other"

INVITEES = (INVITEE_VALID, INVITEE_USED, INVITEE_EXPIRED, INVITEE_WITHDRAWN)
REVIEWERS = (
    REVIEWER_ASSIGNED,
    REVIEWER_UNASSIGNED,
    REVIEWER_CONFLICTED,
    REVIEWER_SAME_COUNTRY,
    REVIEWER_EDITOR_OF_A,
    REVIEWER_DRAFTING,
)
# What only those who see A's other reviews and its discussion may read: the submitted review's
# summary and the discussion's comment (the matrix checks the pages of A do not show them to
# ``reviewer_drafting``).
SUBMITTED_SUMMARY = "A committed government with a clear plan."
DISCUSSION_COMMENT = "Matrix discussion: the co-creation forum met twice."
# Issue 18 item 2: the coordinator and the assigned reviewer, in a session whose sign-in did not
# include their code; and an applicant's session from before their account was made coordinator
# (and enrolled in TOTP on another device).
COORDINATOR_WITHOUT_SECOND_FACTOR = "coordinator_without_second_factor"
REVIEWER_WITHOUT_SECOND_FACTOR = "reviewer_assigned_without_second_factor"
WITHOUT_SECOND_FACTOR = {
    COORDINATOR_WITHOUT_SECOND_FACTOR: COORDINATOR,
    REVIEWER_WITHOUT_SECOND_FACTOR: REVIEWER_ASSIGNED,
}
SIGNED_IN_BEFORE_PROMOTION = "signed_in_before_promotion"
MONITORS = (MONITOR_M, MONITOR_OTHER)
ROLES = (
    ANONYMOUS,
    EDITOR_A,
    EDITOR_B,
    PENDING_EDITOR,
    *INVITEES,
    *REVIEWERS,
    COORDINATOR,
    *WITHOUT_SECOND_FACTOR,
    SIGNED_IN_BEFORE_PROMOTION,
    *MONITORS,
)


@dataclass
class Scene:
    users: dict = field(default_factory=dict)  # role -> User (None for those without account)
    applications: dict = field(default_factory=dict)  # "A", "B", "D" -> Application
    letter_tokens: dict = field(default_factory=dict)  # state -> token
    editor_tokens: dict = field(default_factory=dict)  # state -> token
    member_editor_tokens: dict = field(default_factory=dict)  # state -> token
    monitor_tokens: dict = field(default_factory=dict)  # state -> token
    objects: dict = field(default_factory=dict)  # name -> model instance


def _editor_invitation(application, email, inviter):
    """An editor invitation through the domain; its token is given in ``_token_of``."""
    return applications_editors.invite_editor(
        application=application, email=email, invited_by=inviter, accept_url_for=str
    )


def build_scene() -> Scene:
    scene = Scene()
    now = timezone.now()
    coordinator = make_coordinator(email="coordinator@matrix.example.org")
    call = call_with_criteria(slug="matrix-call")

    # Application A: submitted by editor A, in committee review, a ready packet, one review.
    a = submitted_application(call=call, country="CL", name="Valparaíso Matrix")
    editor_a = a.owner_user
    into_committee_review(a, coordinator)
    packet = Packet.objects.filter(application=a).order_by("-version").first()  # the outbox's
    packet.status, packet.finished_at, packet.page_count = PacketStatus.READY, now, 1
    packet.file.save("packet.pdf", ContentFile(samples.pdf("Packet of A.")), save=True)

    # Reviewers in every relation to A.
    assigned = make_reviewer(country="KE", email="assigned@matrix.example.org")
    unassigned = make_reviewer(country="KE", email="unassigned@matrix.example.org")
    conflicted = make_reviewer(country="KE", email="conflicted@matrix.example.org")
    same_country = make_reviewer(country="KE", email="samecountry@matrix.example.org")
    editor_reviewer = make_reviewer(country="KE", email="editorreviewer@matrix.example.org")
    drafting = make_reviewer(country="KE", email="drafting@matrix.example.org")
    for reviewer in (assigned, conflicted, same_country, drafting):
        reviews_domain.assign_reviewer(application=a, reviewer=reviewer, assigned_by=coordinator)
    reviews_domain.declare_conflict(
        application=a, reviewer=conflicted, reason="I advised this municipality."
    )
    Reviewer.objects.filter(user=same_country).update(country="CL")  # moved after assignment
    ApplicationEditor.objects.create(application=a, user=editor_reviewer, role=EditorRole.EDITOR)
    Assignment.objects.create(application=a, reviewer=editor_reviewer, assigned_by=coordinator)
    own_assignment = Assignment.objects.get(application=a, reviewer=assigned)
    review = submit_scores(own_assignment, 4)
    assert review.summary == SUBMITTED_SUMMARY
    draft_assignment = Assignment.objects.get(application=a, reviewer=drafting)
    draft_review = reviews_domain.save_review(  # before the decision: scoring is open then
        assignment=draft_assignment,
        by=drafting,
        scores=scores_for(call, [3] + [None] * (call.criteria.count() - 1)),
        summary="Still reading the letters.",
    )
    comment = committee_domain.write_comment(
        application=a, author=assigned, text=DISCUSSION_COMMENT
    )
    decision = reviews_domain.record_decision(
        application=a, outcome="admitted", reason="Strong co-creation.", by=coordinator
    )

    # D: editor A's draft in the same call; B: editor B's draft.
    d = ApplicationFactory(call=call, owner=editor_a, lead_government__name="Matrix D")
    PartnerFactory(application=d)
    b = ApplicationFactory(
        call=call, lead_government__name="Matrix B", lead_government__country="AR"
    )
    editor_b = b.owner_user
    PartnerFactory(application=b)
    add_required_letters(b)

    # Letter invitations in each state.
    def letter_invitation(application, **fields):
        return LetterInvitation.objects.create(
            application=application,
            organisation_name="Fundación Tribu",
            email="tomas@tribu.example.org",
            kind=LetterKind.CIVIL_SOCIETY,
            invited_by=application.owner_user,
            **fields,
        )

    valid = letter_invitation(d)
    used = letter_invitation(d)
    letters_domain.receive_letter(
        application=d,
        data=samples.pdf("Fundación Tribu supports Matrix D."),
        filename="support.pdf",
        details={
            "kind": LetterKind.CIVIL_SOCIETY,
            "author_organisation": "Fundación Tribu",
            "signatory_name": "Tomás González",
            "signatory_title": "President",
            "signed_on": timezone.localdate(),
            "language": "es",
        },
        invitation=used,
    )
    expired = letter_invitation(a)  # A was submitted: its links have expired
    withdrawn = letter_invitation(d, revoked_at=now, revoked_by=editor_a)
    for state, invitation in {
        "valid": valid,
        "used": used,
        "expired": expired,
        "withdrawn": withdrawn,
    }.items():
        scene.letter_tokens[state] = invitation_token(invitation)
    scene.letter_tokens["forged"] = scene.letter_tokens["valid"][:-4] + "AAAA"

    # Editor invitations in each state (to D).
    pending = UserFactory(email="pending@matrix.example.org")
    invitation = _editor_invitation(d, pending.email, editor_a)
    scene.editor_tokens["valid"] = _token_of(invitation)
    for state in ("used", "expired", "withdrawn"):
        other = _editor_invitation(d, f"{state}@matrix.example.org", editor_a)
        scene.editor_tokens[state] = _token_of(other)
        changes = {
            "used": {"accepted_at": now, "accepted_by": editor_b},
            "expired": {"expires_at": now - timedelta(days=1)},
            "withdrawn": {"revoked_at": now},
        }[state]
        EditorInvitation.objects.filter(pk=other.pk).update(**changes)
    scene.objects["editor_invitation"] = invitation

    # The member M (edited by editor A), a published plan with a published report, a draft plan,
    # a draft report.
    member = members_domain.register_member(
        name="Matrix City",
        country="BO",
        government_level="municipal",
        year_joined=2024,
        language="en",
        partners=[("Fundación Tribu", "Civil-society ally")],
        editors=[editor_a],
    )
    plan = published_plan(member, coordinator, commitments=2)
    plan.pdf.save("plan.pdf", ContentFile(samples.pdf("Action plan of Matrix City.")))
    commitments = list(Commitment.objects.filter(plan=plan).order_by("position"))
    report = published_report(commitments[0], coordinator)
    unpublished_report = draft_report(commitments[1])
    unpublished_plan = draft_plan(member, commitments=1)

    # Member-editor invitations in each state. ``pending_editor`` holds the valid one.
    member_invitations = {}
    for state in ("valid", "used", "expired", "withdrawn"):
        member_invitations[state] = members_domain.invite_editor(
            member=member,
            email=f"member-{state}@matrix.example.org",
            by=editor_a,
            accept_url_for=str,
        )
        scene.member_editor_tokens[state] = f"matrix-member-{state}-token"
    for state, changes in {
        "valid": {"email": pending.email},
        "used": {"accepted_at": now, "accepted_by": editor_b},
        "expired": {"expires_at": now - timedelta(days=1)},
        "withdrawn": {"revoked_at": now},
    }.items():
        MemberEditorInvitation.objects.filter(pk=member_invitations[state].pk).update(
            token_hash=hash_token(scene.member_editor_tokens[state]), **changes
        )
    scene.objects["member_editor_invitation"] = member_invitations["valid"]

    # M's Local Monitoring Body (monitor_m) and another member's (monitor_other); a published
    # inception assessment and a draft end-of-commitment assessment of M; monitor invitations.
    monitor_m = UserFactory(email="monitor@matrix.example.org")
    monitor_other = UserFactory(email="othermonitor@matrix.example.org")
    other_member = members_domain.register_member(
        name="Other Matrix Town",
        country="PE",
        government_level="municipal",
        year_joined=2024,
        language="es",
    )
    bodies = {}
    for who, whose, name in (
        (monitor_m, member, "Matrix Observatory"),
        (monitor_other, other_member, "Other Observatory"),
    ):
        bodies[whose.pk] = monitoring_domain.name_monitoring_body(
            member=whose, name=name, by=coordinator
        )
        Monitor.objects.create(body=bodies[whose.pk], user=who)
    inception = monitoring_domain.start_inception_assessment(
        plan=plan, by=monitor_m, **INCEPTION_ANSWERS
    )
    monitoring_domain.file_assessment(assessment=inception, by=monitor_m)
    monitoring_domain.publish_assessment(assessment=inception, by=coordinator)
    inception.refresh_from_db()
    draft_assessment = monitoring_domain.start_end_of_commitment_assessment(
        commitment=commitments[0], by=monitor_m, **END_OF_COMMITMENT_ANSWERS
    )
    for state in ("valid", "used"):
        invitation = monitoring_domain.invite_monitor(
            body=bodies[member.pk],
            email=f"monitor-{state}@matrix.example.org",
            by=coordinator,
            accept_url_for=str,
        )
        scene.monitor_tokens[state] = f"matrix-monitor-{state}-token"
        MonitorInvitation.objects.filter(pk=invitation.pk).update(
            token_hash=hash_token(scene.monitor_tokens[state]),
            **({"accepted_at": now} if state == "used" else {}),
        )
    # A reminder sent to A's editor (the desk lists what went to whom).
    from django.contrib.contenttypes.models import ContentType

    from reminders.models import Reminder

    scene.objects["reminder"] = Reminder.objects.create(
        kind="draft_deadline",
        occasion="before:3",
        recipient=editor_a,
        email=editor_a.email,
        language="en",
        call=call,
        about_type=ContentType.objects.get_for_model(a),
        about_id=a.pk,
    )

    # A published call of an earlier year, for the public record.
    CallFactory(
        slug="matrix-past",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=300),
    )

    scene.users = {
        ANONYMOUS: None,
        EDITOR_A: editor_a,
        EDITOR_B: editor_b,
        PENDING_EDITOR: pending,
        **dict.fromkeys(INVITEES),
        REVIEWER_ASSIGNED: assigned,
        REVIEWER_UNASSIGNED: unassigned,
        REVIEWER_CONFLICTED: conflicted,
        REVIEWER_SAME_COUNTRY: same_country,
        REVIEWER_EDITOR_OF_A: editor_reviewer,
        REVIEWER_DRAFTING: drafting,
        COORDINATOR: coordinator,
        COORDINATOR_WITHOUT_SECOND_FACTOR: coordinator,
        REVIEWER_WITHOUT_SECOND_FACTOR: assigned,
        SIGNED_IN_BEFORE_PROMOTION: UserFactory(email="promoted@matrix.example.org"),
        MONITOR_M: monitor_m,
        MONITOR_OTHER: monitor_other,
    }
    scene.applications = {"A": a, "B": b, "D": d}
    # A change request OGP asked of A and closed before committee review; B's later deadline.
    change_request = ChangeRequest.objects.create(
        application=a,
        items=["contact"],
        note="Name the contact's position.",
        answer_by=now + timedelta(days=7),
        requested_by=coordinator,
        resolved_at=now,
        resolved_by=coordinator,
        outcome="closed",
    )
    extension = Extension.objects.create(
        application=b,
        deadline=call.closes_at + timedelta(days=3),
        reason="The town hall was flooded.",
        granted_by=coordinator,
    )
    email_template = DecisionEmailTemplate.objects.order_by("pk").first()
    email_template.save()  # a history row, for the desk's history pages
    scene.objects.update(
        call=call,
        packet=packet,
        letter_a=a.letters.current().first(),
        letter_b=b.letters.current().first(),
        invitation_a=expired,
        invitation_b=None,
        partner_a=a.partners.first(),
        partner_b=b.partners.first(),
        partner_d=d.partners.first(),
        section=call.sections.order_by("position", "id").first(),
        assignment=own_assignment,
        review=review,
        draft_assignment=draft_assignment,
        draft_review=draft_review,
        comment=comment,
        score=review.scores.first(),
        conflict=ConflictOfInterest.objects.get(application=a, reviewer=conflicted),
        member=member,
        plan=plan,
        unpublished_plan=unpublished_plan,
        commitment=commitments[0],
        unpublished_commitment=unpublished_plan.commitments.first(),
        milestone=commitments[0].milestones.first(),
        report=report,
        unpublished_report=unpublished_report,
        decision=decision,
        email_template=email_template,
        change_request=change_request,
        extension=extension,
        other_member=other_member,
        monitoring_body=bodies[member.pk],
        inception=inception,
        draft_assessment=draft_assessment,
    )
    _add_records(scene, call, coordinator, now)
    return scene


def promote_after_sign_in(scene: Scene) -> None:
    """Once its session exists, the applicant ``signed_in_before_promotion`` is made a
    coordinator and enrols an authenticator elsewhere: that session must give no staff right."""
    user = scene.users[SIGNED_IN_BEFORE_PROMOTION]
    appoint_coordinator(user)
    enrol_totp(user)


def _add_records(scene, call, coordinator, now):
    """A ready archive of the call and one retention run (records app)."""
    from records.enums import ArchiveStatus
    from records.models import CallArchive, RetentionRecord

    archive = CallArchive(call=call, requested_by=coordinator, status=ArchiveStatus.READY)
    archive.file.save("archive.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    archive.finished_at = now
    archive.save()
    scene.objects["archive"] = archive
    scene.objects["retention_record"] = RetentionRecord.objects.create(ran_at=now)


def _token_of(invitation):
    """Editor invitations store only a hash of their token: give this one a known token."""
    token = f"matrix-{invitation.pk}-token"
    EditorInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    return token
