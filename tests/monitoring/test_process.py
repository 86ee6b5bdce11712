"""Due dates and lateness on a frozen clock (time-machine), through to the Support Unit's letter
on acting contrary to process; the desk, the member's workspace and the public page agree."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from members import domain as members_domain
from members.exceptions import MemberError
from monitoring import domain, process, queries
from monitoring.models import ContraryToProcessLetter
from tests.factories import UserFactory, login
from tests.members.factories import draft_plan, editor_of, quick_member
from tests.monitoring.factories import end_of_commitment, inception, monitor_of
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

UTC = zoneinfo.ZoneInfo("UTC")


def at(year, month, day, hour=12):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=UTC), tick=False)


def status_of(member):
    return process.process_status(queries.member_with_process(member.pk))


@pytest.fixture
def admitted(settings):
    """A member admitted on 10 January 2025 (its plan due six months later), writing Spanish."""
    settings.MONITORING_PLAN_DUE_MONTHS = 6
    with at(2025, 1, 10):
        member = quick_member(name="La Paz, Bolivia", editors=[UserFactory(email="ed@lapaz.bo")])
        member.language = "es"
        member.save(update_fields=["language"])
        coordinator = make_coordinator()
    return member, coordinator


def test_the_plan_is_due_six_months_after_admission_and_late_after(admitted):
    member, _coordinator = admitted
    with at(2025, 7, 10):
        status = status_of(member)
        assert process.plan_due_on(member) == datetime.date(2025, 7, 10)
        assert [item.late for item in status.items] == [False]
        assert not status.contrary_to_process
    with at(2025, 7, 11):
        status = status_of(member)
        assert [(item.kind, item.days_late) for item in status.late_items] == [("plan", 1)]
        assert not status.contrary_to_process
    with at(2025, 11, 10):  # four months late exactly: late, not yet contrary to process
        status = status_of(member)
        assert status.plan_months_late == 4
        assert not status.contrary_to_process
    with at(2025, 11, 11):
        status = status_of(member)
        assert status.contrary_to_process
        assert status.plan_months_late == 4


def test_the_letter_on_acting_contrary_to_process(admitted, django_capture_on_commit_callbacks):
    member, coordinator = admitted
    with at(2025, 11, 10):
        with pytest.raises(MemberError, match="not more than four months late"):
            domain.send_contrary_to_process_letter(member=member, by=coordinator)
        assert not ContraryToProcessLetter.objects.exists()
    with at(2026, 1, 15), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(MemberError):
            domain.send_contrary_to_process_letter(member=member, by=editor_of(member))
        letter = domain.send_contrary_to_process_letter(member=member, by=coordinator)
    assert letter.months_late == 6
    assert letter.plan_due_on == datetime.date(2025, 7, 10)
    assert letter.recipients == ["ed@lapaz.bo"]
    message = mail.outbox[-1]
    assert message.to == ["ed@lapaz.bo"]
    # In the member's language (Spanish).
    assert "contraria al proceso" in message.subject
    assert "6 meses" in message.body


def test_a_plan_submitted_late_stays_marked(admitted):
    member, _coordinator = admitted
    with at(2025, 12, 1):
        plan = draft_plan(member)
        members_domain.submit_plan(plan=plan, by=editor_of(member))
    with at(2026, 3, 1):
        status = status_of(member)
        plan_item = status.items[0]
        assert plan_item.done_on == datetime.date(2025, 12, 1)
        assert plan_item.late and not plan_item.open
        assert status.contrary_to_process  # submitted 4 months and 21 days after it was due


def test_assessments_are_due_after_submission_and_after_each_commitment(admitted):
    member, coordinator = admitted
    monitor = monitor_of(member, coordinator)
    with at(2025, 6, 2):
        plan = draft_plan(member, commitments=1, milestones=2)  # milestones 1 March, 1 April
        members_domain.submit_plan(plan=plan, by=editor_of(member))
    plan.refresh_from_db()
    assert process.inception_due_on(plan) == datetime.date(2025, 8, 2)
    with at(2025, 8, 2):
        assert [item.kind for item in status_of(member).late_items] == []
    with at(2025, 8, 3):
        assert [item.kind for item in status_of(member).late_items] == ["inception"]
        inception(plan, monitor)
        assert [item.kind for item in status_of(member).late_items] == ["inception"]
        domain.file_assessment(assessment=plan.inception_assessment, by=monitor)
        status = status_of(member)
        assert status.late_items == []
        assert status.items[1].late  # filed a day late: shown, no longer open
        members_domain.publish_plan(plan=plan, by=coordinator)
    commitment = plan.commitments.get()
    assert process.commitment_ends_on(commitment) == datetime.date(2025, 4, 1)
    assert process.end_of_commitment_due_on(commitment) == datetime.date(2025, 5, 1)
    with at(2025, 8, 4):
        late = status_of(member).late_items
        assert [(item.kind, item.due_on) for item in late] == [
            ("end_of_commitment", datetime.date(2025, 5, 1))
        ]
        domain.file_assessment(assessment=end_of_commitment(commitment, monitor), by=monitor)
        assert status_of(member).late_items == []


def test_late_items_are_flagged_on_the_desk_the_workspace_and_the_public_page(
    admitted, client, django_assert_max_num_queries
):
    member, coordinator = admitted
    with at(2026, 1, 15):
        client.force_login(editor_of(member))
        page = client.get(reverse("members:member_workspace", args=[member.pk])).content.decode()
        assert "Late by 189 days" in page
        assert "acting contrary to OGP Local" in page
        login(client, coordinator)  # staff: a sign-in with the second factor
        desk = client.get("/admin/monitoring/memberprocess/").content.decode()
        assert "189 days late" in desk
        assert 'alt="True"' in desk  # the contrary-to-process mark
