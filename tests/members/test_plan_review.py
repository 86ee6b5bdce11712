"""The Support Unit reviews a submitted plan before publishing it: it comments (the plan stays
in review), returns it for changes or publishes it; each step is in the plan's history."""

import pytest
from django.urls import reverse

from members import domain
from members.enums import EventKind, Status
from members.exceptions import MemberError
from tests.factories import login
from tests.members.factories import admitted_member, draft_plan, editor_of
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    coordinator = make_coordinator()
    member = admitted_member(coordinator=coordinator)
    plan = draft_plan(member)
    domain.submit_plan(plan=plan, by=editor_of(member))
    plan.refresh_from_db()
    return plan, coordinator


def test_a_comment_keeps_the_plan_in_review_then_it_is_returned_and_published(submitted):
    plan, coordinator = submitted
    editor = editor_of(plan.member)
    with pytest.raises(MemberError):
        domain.comment_on_plan(plan=plan, by=editor, comment="Looks good to me")
    with pytest.raises(MemberError, match="Write the comment first"):
        domain.comment_on_plan(plan=plan, by=coordinator, comment="  ")
    domain.comment_on_plan(plan=plan, by=coordinator, comment="Name the forum's members.")
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    domain.return_plan(plan=plan, by=coordinator, comment="Add the forum's minutes.")
    with pytest.raises(MemberError, match="Only a submitted action plan"):
        domain.comment_on_plan(plan=plan, by=coordinator, comment="Too late")
    domain.submit_plan(plan=plan, by=editor)
    domain.publish_plan(plan=plan, by=coordinator)
    history = list(
        plan.events.order_by("created_at", "id").values_list("kind", "to_status", "comment")
    )
    assert history == [
        (EventKind.STATUS_CHANGED, Status.SUBMITTED, ""),
        (EventKind.COMMENTED, "", "Name the forum's members."),
        (EventKind.STATUS_CHANGED, Status.RETURNED, "Add the forum's minutes."),
        (EventKind.STATUS_CHANGED, Status.SUBMITTED, ""),
        (EventKind.STATUS_CHANGED, Status.PUBLISHED, ""),
    ]


def test_the_desk_comments_and_the_member_reads_it(client, submitted):
    plan, coordinator = submitted
    login(client, coordinator)
    changelist = reverse("admin:members_actionplan_changelist")
    data = {"action": "comment", "_selected_action": [plan.pk]}
    page = client.post(changelist, data).content.decode()
    assert "the plans stay in review" in page
    response = client.post(
        changelist, {**data, "apply": "1", "comment": "Name the forum's members."}
    )
    assert response.status_code == 302
    client.force_login(editor_of(plan.member))
    page = client.get(reverse("members:plan_workspace", args=[plan.pk])).content.decode()
    assert "Comment from OGP" in page
    assert "Name the forum&#x27;s members." in page
