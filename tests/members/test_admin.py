"""The coordinators' review in the desk: actions call the domain, statuses are never edited."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from members.enums import Status
from tests.factories import enrol_totp, login
from tests.members.factories import admitted_member, draft_plan, editor_of, published_plan
from tests.members.factories import draft_report as make_draft_report
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

PLANS = "/admin/members/actionplan/"
REPORTS = "/admin/members/endofcommitmentreport/"


@pytest.fixture
def coordinator():
    return make_coordinator()


@pytest.fixture
def submitted(coordinator):
    from members import domain

    member = admitted_member(coordinator=coordinator)
    plan = draft_plan(member)
    domain.submit_plan(plan=plan, by=editor_of(member))
    return plan


def test_return_with_comment_asks_for_the_comment_then_returns(client, coordinator, submitted):
    login(client, coordinator)
    page = client.post(
        PLANS, {"action": "return_with_comment", ACTION_CHECKBOX_NAME: [submitted.pk]}
    )
    assert page.status_code == 200
    assert "Comment to the member" in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    # Without a comment nothing moves.
    empty = client.post(
        PLANS,
        {
            "action": "return_with_comment",
            ACTION_CHECKBOX_NAME: [submitted.pk],
            "apply": "1",
            "comment": " ",
        },
    )
    assert "Please write the comment." in empty.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    done = client.post(
        PLANS,
        {
            "action": "return_with_comment",
            ACTION_CHECKBOX_NAME: [submitted.pk],
            "apply": "1",
            "comment": "Say who from civil society took part.",
        },
    )
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.events.first().comment == "Say who from civil society took part."


def test_publish_action_refuses_a_draft_and_publishes_a_submitted_plan(
    client, coordinator, submitted
):
    login(client, coordinator)
    other = draft_plan(submitted.member)
    response = client.post(
        PLANS,
        {"action": "publish", ACTION_CHECKBOX_NAME: [submitted.pk, other.pk]},
        follow=True,
    )
    content = response.content.decode()
    assert "The action plan is draft and cannot become published." in content
    submitted.refresh_from_db()
    other.refresh_from_db()
    assert (submitted.status, other.status) == (Status.PUBLISHED, Status.DRAFT)


def test_the_change_form_cannot_set_the_status(client, coordinator, submitted):
    login(client, coordinator)
    page = client.get(f"{PLANS}{submitted.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()


def test_reports_are_published_from_the_desk(client, coordinator):
    from members import domain

    member = admitted_member(coordinator=coordinator)
    plan = published_plan(member, coordinator)
    report = make_draft_report(plan.commitments.first())
    domain.submit_report(report=report, by=editor_of(member))
    login(client, coordinator)
    assert client.get(f"{REPORTS}{report.pk}/change/").status_code == 200
    client.post(REPORTS, {"action": "publish", ACTION_CHECKBOX_NAME: [report.pk]})
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_only_coordinators_reach_the_members_desk(client, coordinator, submitted, who):
    user = make_reviewer() if who == "reviewer" else editor_of(submitted.member)
    if who == "editor":
        # staff by flag alone, with a second factor (or the desk stops them at enrolment)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        enrol_totp(user)
    login(client, user)
    for url in (PLANS, f"{PLANS}{submitted.pk}/change/", REPORTS, "/admin/members/member/"):
        assert client.get(url).status_code == 403, url
    client.post(PLANS, {"action": "publish", ACTION_CHECKBOX_NAME: [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
