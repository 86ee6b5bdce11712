"""The desk returns a filed assessment to its Monitoring Body with a comment: the page asks for
the comment in the Monitoring Body's words, refuses an empty one (nothing moves), then returns
the assessment and tells the coordinator."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages

from monitoring import domain
from monitoring.enums import AssessmentStatus
from tests.factories import UserFactory, login
from tests.members.factories import published_plan, quick_member
from tests.monitoring.factories import end_of_commitment, monitor_of
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/admin/monitoring/endofcommitmentassessment/"


def test_return_with_comment_asks_for_the_comment_then_returns(client):
    coordinator = make_coordinator()
    member = quick_member(name="La Paz, Bolivia", editors=[UserFactory()])
    monitor = monitor_of(member, coordinator, body_name="Observatorio Ciudadano")
    plan = published_plan(member, coordinator, commitments=1)
    assessment = end_of_commitment(plan.commitments.get(), monitor)
    domain.file_assessment(assessment=assessment, by=monitor)
    login(client, coordinator)
    chosen = {"action": "return_with_comment", ACTION_CHECKBOX_NAME: [assessment.pk]}

    page = client.post(ASSESSMENTS, chosen).content.decode()
    assert "These go back to the Monitoring Body, which sees your comment:" in page
    assert "Comment to the Monitoring Body" in page
    assert "Say what should change; the Monitoring Body sees it." in page
    assert 'value="Return to the Monitoring Body"' in page

    empty = client.post(ASSESSMENTS, {**chosen, "apply": "1", "comment": " "}).content.decode()
    assert "Please write the comment." in empty
    assert "Comment to the Monitoring Body" in empty
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FILED

    done = client.post(
        ASSESSMENTS, {**chosen, "apply": "1", "comment": "Name the evidence of each milestone."}
    )
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    assert assessment.events.first().comment == "Name the evidence of each milestone."
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Returned to the Monitoring Body: 1."
    ]
