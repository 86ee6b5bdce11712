import datetime
import io

import pytest
from django.db import IntegrityError, transaction

from members import domain
from members.enums import Status
from members.exceptions import NotAllowed, PlanIncomplete, TransitionRefused
from members.models import ActionPlan, Commitment, Member, MemberEvent
from reviews import domain as reviews_domain
from tests.members.factories import (
    admitted_member,
    draft_plan,
    draft_report,
    editor_of,
    published_plan,
    quick_member,
)
from tests.reviews.factories import make_coordinator, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_coordinator()


def test_releasing_an_admitted_decision_makes_a_member_once(coordinator):
    # Mexico takes part in OGP (Bolivia does not, so it cannot apply): La Paz, Baja California Sur
    application = submitted_application(country="MX", name="La Paz")
    partner_names = sorted(application.partners.values_list("organisation__name", flat=True))
    decision = reviews_domain.record_decision(
        application=application, outcome="admitted", reason="Strong.", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    member = Member.objects.get(application=application)
    assert Member.objects.filter(application=application).count() == 1
    assert member.name == "La Paz"
    assert member.country.code == "MX"
    assert sorted(member.partners.values_list("name", flat=True)) == partner_names
    assert list(member.editors.values_list("user", flat=True)) == list(
        application.editors.values_list("user", flat=True)
    )
    # Admitting again directly (a retried task) returns the same member.
    assert domain.admit_member(application=application).pk == member.pk
    assert Member.objects.count() == 1
    assert MemberEvent.objects.filter(member=member, kind="admitted").count() == 1


def test_the_database_refuses_a_second_member_for_one_application(coordinator):
    member = admitted_member(coordinator=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            application=member.application,
            name="Twin",
            country="CL",
            government_level="municipal",
            year_joined=2026,
        )


@pytest.mark.parametrize("outcome", ["not_admitted", "waitlisted"])
def test_other_decisions_make_no_member(coordinator, outcome):
    application = submitted_application()
    decision = reviews_domain.record_decision(
        application=application, outcome=outcome, reason="Not this time.", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    assert Member.objects.count() == 0


def test_a_recorded_but_unreleased_decision_makes_no_member(coordinator):
    application = submitted_application()
    reviews_domain.record_decision(
        application=application, outcome="admitted", reason="Strong.", by=coordinator
    )
    assert Member.objects.count() == 0


def test_commitment_limit(coordinator):
    member = quick_member(editors=[make_coordinator()])
    editor = editor_of(member)
    empty = draft_plan(member, by=editor, commitments=0)
    with pytest.raises(PlanIncomplete) as refused:
        domain.submit_plan(plan=empty, by=editor)
    assert "from 1 to 5 commitments; this one has 0" in refused.value.message
    six = draft_plan(member, by=editor, commitments=6)
    with pytest.raises(PlanIncomplete) as refused:
        domain.submit_plan(plan=six, by=editor)
    assert "this one has 6" in refused.value.message
    assert ActionPlan.objects.get(pk=six.pk).status == Status.DRAFT
    # The limit is a setting, and may be tightened for one call of submit_plan.
    three = draft_plan(member, by=editor, commitments=3)
    with pytest.raises(PlanIncomplete):
        domain.submit_plan(plan=three, by=editor, max_commitments=2)
    assert domain.submit_plan(plan=three, by=editor).status == Status.SUBMITTED


def test_commitment_limit_follows_the_setting(settings):
    settings.MEMBERS_MAX_COMMITMENTS = 2
    member = quick_member(editors=[make_coordinator()])
    plan = draft_plan(member, commitments=3)
    assert plan.max_commitments == 2
    with pytest.raises(PlanIncomplete):
        domain.submit_plan(plan=plan, by=editor_of(member))


def test_a_commitment_without_milestones_cannot_be_submitted():
    member = quick_member(editors=[make_coordinator()])
    plan = draft_plan(member, commitments=1, milestones=0)
    with pytest.raises(PlanIncomplete) as refused:
        domain.submit_plan(plan=plan, by=editor_of(member))
    assert refused.value.message == "Commitment “Commitment 1” has no milestones yet."


def test_plan_life_submit_return_resubmit_publish(coordinator, django_capture_on_commit_callbacks):
    member = admitted_member(coordinator=coordinator)
    editor = editor_of(member)
    plan = draft_plan(member)
    domain.submit_plan(plan=plan, by=editor)
    with pytest.raises(TransitionRefused) as refused:
        domain.set_status(obj=ActionPlan.objects.get(pk=plan.pk), to_status=Status.DRAFT, by=editor)
    assert refused.value.message == "The action plan is submitted and cannot become draft."
    with pytest.raises(TransitionRefused) as refused:
        domain.return_plan(plan=plan, by=coordinator, comment="  ")
    assert refused.value.message == "Say what the member should change."
    domain.return_plan(plan=plan, by=coordinator, comment="Add a civic participation milestone.")
    plan.refresh_from_db()
    assert plan.status == Status.RETURNED
    domain.submit_plan(plan=plan, by=editor)
    with django_capture_on_commit_callbacks() as callbacks:
        domain.publish_plan(plan=plan, by=coordinator)
    assert len(callbacks) == 1  # the PDF's rendering, queued after the commit
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    assert plan.published_at is not None
    history = list(
        plan.events.order_by("created_at", "id").values_list("from_status", "to_status", "comment")
    )
    assert history == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Add a civic participation milestone."),
        ("returned", "submitted", ""),
        ("submitted", "published", ""),
    ]
    with pytest.raises(TransitionRefused):
        domain.return_plan(plan=plan, by=coordinator, comment="Too late.")


def test_only_coordinators_return_or_publish(coordinator):
    member = admitted_member(coordinator=coordinator)
    editor = editor_of(member)
    plan = draft_plan(member)
    domain.submit_plan(plan=plan, by=editor)
    with pytest.raises(NotAllowed):
        domain.publish_plan(plan=plan, by=editor)
    with pytest.raises(NotAllowed):
        domain.return_plan(plan=plan, by=editor, comment="I return my own plan")
    assert ActionPlan.objects.get(pk=plan.pk).status == Status.SUBMITTED


def test_only_the_members_editors_edit_its_drafts(coordinator, django_capture_on_commit_callbacks):
    member = admitted_member(coordinator=coordinator)
    stranger_member = admitted_member(coordinator=coordinator)
    stranger = editor_of(stranger_member)
    plan = draft_plan(member)
    with pytest.raises(NotAllowed):
        domain.create_plan(
            member=member,
            by=stranger,
            title="Hijack",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
            co_creation="-",
            civil_society_organisations="-",
        )
    with pytest.raises(NotAllowed):
        domain.ensure_editable(obj=plan, user=stranger)
    with pytest.raises(NotAllowed):
        domain.ensure_editable(obj=plan, user=coordinator)  # coordinators review, not draft
    with pytest.raises(NotAllowed):
        domain.submit_plan(plan=plan, by=stranger)
    domain.ensure_editable(obj=plan, user=editor_of(member))
    # A colleague who joined on an editor's invitation may edit; a submitted plan is closed
    # to everyone.
    colleague = make_coordinator(email="colleague@example.org")
    with pytest.raises(NotAllowed):
        _invite_and_accept(member, colleague, stranger, django_capture_on_commit_callbacks)
    _invite_and_accept(member, colleague, editor_of(member), django_capture_on_commit_callbacks)
    domain.ensure_editable(obj=plan, user=colleague)
    domain.submit_plan(plan=plan, by=colleague)
    plan.refresh_from_db()
    with pytest.raises(NotAllowed) as refused:
        domain.ensure_editable(obj=plan, user=colleague)
    assert refused.value.message == "This action plan is submitted and can no longer be changed."


def _invite_and_accept(member, user, by, capture):
    """Invite ``user`` by e-mail as ``by``; ``user`` accepts through the mailed link."""
    tokens = []
    with capture(execute=True):
        domain.invite_editor(
            member=member,
            email=user.email.upper(),
            by=by,
            accept_url_for=lambda token: tokens.append(token) or f"https://example.org/{token}/",
        )
    domain.accept_editor_invitation(token=tokens[0], user=user)


def test_status_never_changes_by_saving_the_model_form(coordinator):
    """Status is not editable: the forms and the admin cannot set it."""
    from desk.admin.members import ActionPlanAdmin
    from members.forms import PlanForm

    assert "status" not in PlanForm().fields
    assert "status" in ActionPlanAdmin.readonly_fields
    assert ActionPlan._meta.get_field("status").editable is False


def test_milestones_are_marked_done_by_editors_once_published(coordinator):
    member = admitted_member(coordinator=coordinator)
    editor = editor_of(member)
    plan = draft_plan(member)
    milestone = plan.commitments.first().milestones.first()
    with pytest.raises(NotAllowed):
        domain.mark_milestone_done(
            milestone=milestone, by=editor, done_on=datetime.date(2025, 3, 1)
        )
    domain.submit_plan(plan=plan, by=editor)
    domain.publish_plan(plan=plan, by=coordinator)
    with pytest.raises(NotAllowed):
        domain.mark_milestone_done(
            milestone=milestone, by=coordinator, done_on=datetime.date(2025, 3, 1)
        )
    with pytest.raises(NotAllowed):
        domain.mark_milestone_done(
            milestone=milestone, by=editor, done_on=datetime.date(2999, 1, 1)
        )
    done = domain.mark_milestone_done(
        milestone=milestone,
        by=editor,
        done_on=datetime.date(2025, 3, 2),
        evidence_url="https://example.org/evidence",
    )
    assert (done.done_on, done.evidence_url) == (
        datetime.date(2025, 3, 2),
        "https://example.org/evidence",
    )


def test_report_life(coordinator):
    member = admitted_member(coordinator=coordinator)
    editor = editor_of(member)
    plan = draft_plan(member)
    commitment = plan.commitments.first()
    with pytest.raises(NotAllowed) as refused:
        domain.ensure_report_allowed(commitment=commitment, user=editor)
    assert refused.value.message == (
        "Reports are written for commitments of a published action plan."
    )
    domain.submit_plan(plan=plan, by=editor)
    domain.publish_plan(plan=plan, by=coordinator)
    domain.ensure_report_allowed(commitment=commitment, user=editor)
    report = draft_report(commitment)
    with pytest.raises(TransitionRefused):
        domain.publish_report(report=report, by=coordinator)  # a draft is not yet submitted
    domain.submit_report(report=report, by=editor)
    with pytest.raises(NotAllowed):
        domain.ensure_report_allowed(commitment=commitment, user=editor)
    domain.return_report(report=report, by=coordinator, comment="Link the media coverage.")
    domain.submit_report(report=report, by=editor)
    with pytest.raises(NotAllowed):
        domain.publish_report(report=report, by=editor)
    domain.publish_report(report=report, by=coordinator)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert list(report.events.order_by("created_at", "id").values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "published",
    ]


def test_published_plan_renders_a_pdf_in_the_members_language(coordinator):
    import subprocess

    member = admitted_member(coordinator=coordinator, language="es")
    plan = published_plan(member, coordinator)
    domain.render_plan_pdf(plan=plan)
    plan.refresh_from_db()
    assert plan.pdf
    with plan.pdf.open("rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "Compromisos" in text
    assert "Commitment 1" in text  # the member's text as written


def test_member_text_cannot_make_the_pdf_fetch(coordinator):
    member = admitted_member(coordinator=coordinator)
    plan = published_plan(member, coordinator)
    Commitment.objects.filter(plan=plan).update(
        problem='<img src="http://169.254.169.254/latest"><link rel=stylesheet href="file:///etc/passwd">'
    )
    from members.pdf import plan_html

    html = plan_html(plan)
    assert "<img src" not in html
    assert "&lt;img src=" in html
    domain.render_plan_pdf(plan=plan)
    assert ActionPlan.objects.get(pk=plan.pk).pdf


def test_demo_loads_la_paz_once(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    for _ in range(2):
        call_command("load_demo", stdout=io.StringIO())
    member = Member.objects.get(name="La Paz, Bolivia")
    plan = member.plans.get()
    assert plan.status == Status.PUBLISHED
    commitment = plan.commitments.get()
    assert commitment.title == "Bicentennial Datathon of Municipal Public Policies"
    assert commitment.report.status == Status.PUBLISHED
    assert (
        commitment.report.evaluator_name == "Municipal Planning Secretariat"
    )  # its own; the evaluator assesses
    assert commitment.report.evidence.count() == 4
