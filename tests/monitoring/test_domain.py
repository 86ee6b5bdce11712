"""The monitoring room's rules, called directly: independence, invitations, assessments and
the member's comments."""

import datetime
import io
import time

import pypdf
import pytest
from django.core import mail

from applications.models import hash_token
from members import domain as members_domain
from members.exceptions import MemberError
from members.models import MemberEditor, MemberEditorInvitation
from monitoring import domain
from monitoring.enums import AssessmentStatus, MonitoringEventKind
from monitoring.exceptions import NotIndependent
from monitoring.models import Monitor, MonitoringEvent, MonitorInvitation
from tests.factories import UserFactory
from tests.members.factories import draft_plan, editor_of, published_plan, quick_member
from tests.monitoring.factories import (
    end_of_commitment,
    inception,
    monitor_of,
    published,
)
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_coordinator()


@pytest.fixture
def member():
    return quick_member(name="La Paz, Bolivia", editors=[UserFactory()])


def test_the_desk_invites_a_monitor_who_joins(
    member, coordinator, django_capture_on_commit_callbacks
):
    body = domain.name_monitoring_body(member=member, name="Observatorio", by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = domain.invite_monitor(
            body=body,
            email="Milenka@Observatorio.example.org",
            by=coordinator,
            accept_url_for=lambda token: (
                f"https://portal.example.org/monitoring/invitations/{token}/"
            ),
        )
    assert invitation.email == "milenka@observatorio.example.org"
    message = mail.outbox[-1]
    assert message.to == ["milenka@observatorio.example.org"]
    assert "Observatorio" in message.body
    assert "/monitoring/invitations/" in message.body
    token = message.body.split("/monitoring/invitations/")[1].split("/")[0]
    user = UserFactory(email="milenka@observatorio.example.org")
    monitor = domain.accept_monitor_invitation(token=token, user=user)
    assert monitor.body == body
    assert MonitoringEvent.objects.filter(
        member=member, kind=MonitoringEventKind.MONITOR_JOINED
    ).exists()
    with pytest.raises(MemberError, match="already been used"):
        domain.accept_monitor_invitation(token=token, user=user)


def test_only_coordinators_name_bodies_and_invite(member, coordinator):
    editor = editor_of(member)
    with pytest.raises(MemberError):
        domain.name_monitoring_body(member=member, name="Mine", by=editor)
    body = domain.name_monitoring_body(member=member, name="Observatorio", by=coordinator)
    with pytest.raises(MemberError):
        domain.invite_monitor(body=body, email="x@example.org", by=editor, accept_url_for=str)
    assert not MonitorInvitation.objects.exists()


def test_an_editor_cannot_be_invited_as_monitor(member, coordinator):
    editor = editor_of(member)
    body = domain.name_monitoring_body(member=member, name="Observatorio", by=coordinator)
    with pytest.raises(NotIndependent, match="nobody can be both its editor and its monitor"):
        domain.invite_monitor(body=body, email=editor.email, by=coordinator, accept_url_for=str)
    assert not MonitorInvitation.objects.exists()


def test_an_editor_holding_a_monitor_link_is_refused(member, coordinator):
    """Invited before becoming an editor: the link is refused once they are one."""
    body = domain.name_monitoring_body(member=member, name="Observatorio", by=coordinator)
    user = UserFactory(email="both@example.org")
    domain.invite_monitor(body=body, email=user.email, by=coordinator, accept_url_for=str)
    MemberEditor.objects.create(member=member, user=user)
    MonitorInvitation.objects.update(token_hash=hash_token("known"))
    with pytest.raises(NotIndependent):
        domain.accept_monitor_invitation(token="known", user=user)
    assert not Monitor.objects.exists()


def test_a_monitor_cannot_become_an_editor(member, coordinator):
    monitor = monitor_of(member, coordinator)
    members_domain.invite_editor(
        member=member, email=monitor.email, by=editor_of(member), accept_url_for=str
    )
    MemberEditorInvitation.objects.filter(email=monitor.email).update(
        token_hash=hash_token("editor-link")
    )
    with pytest.raises(MemberError, match="belongs to the Monitoring Body"):
        members_domain.accept_editor_invitation(token="editor-link", user=monitor)
    assert not member.editors.filter(user=monitor).exists()


def test_assessments_from_draft_to_published(member, coordinator):
    monitor = monitor_of(member, coordinator)
    plan = published_plan(member, coordinator)
    assessment = inception(plan, monitor)
    assert assessment.status == AssessmentStatus.DRAFT
    editor = editor_of(member)
    domain.comment_on_assessment(assessment=assessment, by=editor, comment="The forum met 7 times.")
    domain.file_assessment(assessment=assessment, by=monitor)
    with pytest.raises(MemberError, match="comments are closed"):
        domain.comment_on_assessment(assessment=assessment, by=editor, comment="Too late")
    domain.return_assessment(assessment=assessment, by=coordinator, comment="Name the forum.")
    domain.file_assessment(assessment=assessment, by=monitor)
    domain.publish_assessment(assessment=assessment, by=coordinator)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.PUBLISHED
    kinds = list(assessment.events.order_by("created_at", "id").values_list("kind", "to_status"))
    assert kinds == [
        ("started", ""),
        ("commented", ""),
        ("status_changed", "filed"),
        ("status_changed", "returned"),
        ("status_changed", "filed"),
        ("status_changed", "published"),
    ]


def test_an_editor_cannot_file_or_write_an_assessment(member, coordinator):
    monitor = monitor_of(member, coordinator)
    plan = published_plan(member, coordinator)
    assessment = end_of_commitment(plan.commitments.first(), monitor)
    editor = editor_of(member)
    with pytest.raises(MemberError):
        domain.file_assessment(assessment=assessment, by=editor)
    with pytest.raises(MemberError):
        domain.ensure_can_assess(user=editor, commitment=plan.commitments.first())
    assert not editor.has_perm("monitoring.write_assessment", assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_a_monitor_of_another_member_has_no_say(member, coordinator):
    monitor_of(member, coordinator)
    other_member = quick_member(editors=[UserFactory()])
    stranger = monitor_of(other_member, coordinator, body_name="Other body")
    plan = published_plan(member, coordinator)
    with pytest.raises(MemberError, match="Only the member's Monitoring Body"):
        domain.ensure_can_assess(user=stranger, plan=plan)
    assert not stranger.has_perm("monitoring.monitor_member", member)


def test_inception_waits_for_submission_and_end_of_commitment_for_publication(member, coordinator):
    monitor = monitor_of(member, coordinator)
    plan = draft_plan(member)
    with pytest.raises(MemberError, match="once the plan is submitted"):
        inception(plan, monitor)
    with pytest.raises(MemberError, match="once the plan is published"):
        end_of_commitment(plan.commitments.first(), monitor)
    members_domain.submit_plan(plan=plan, by=editor_of(member))
    assert inception(plan, monitor).pk


def test_the_plan_pdf_follows_milestones_and_published_assessments(celery_worker):
    """Marking a milestone done and publishing an assessment each queue the plan's PDF again;
    the worker renders it with the milestone's date and the assessment in it."""
    coordinator = make_coordinator()
    member = quick_member(name="La Paz, Bolivia", editors=[UserFactory()])
    monitor = monitor_of(member, coordinator, body_name="Observatorio Ciudadano")
    plan = published_plan(member, coordinator)
    wait_until(lambda: _rendered_at(plan) is not None)
    commitment = plan.commitments.first()
    first = _rendered_at(plan)
    members_domain.mark_milestone_done(
        milestone=commitment.milestones.first(),
        by=editor_of(member),
        done_on=datetime.date(2025, 3, 1),
    )
    wait_until(lambda: _rendered_at(plan) != first)
    assert "done on" in pdf_text(plan)
    second = _rendered_at(plan)
    published(end_of_commitment(commitment, monitor), monitor, coordinator)
    wait_until(lambda: _rendered_at(plan) != second)
    text = pdf_text(plan)
    assert "Observatorio Ciudadano" in text
    assert "Widen the open data catalogues." in text


def _rendered_at(plan):
    return type(plan).objects.values_list("pdf_rendered_at", flat=True).get(pk=plan.pk)


def wait_until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not render the plan in time"
        time.sleep(0.1)


def pdf_text(plan):
    plan.refresh_from_db()
    with plan.pdf.open("rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
