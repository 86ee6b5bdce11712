"""Milestones per commitment and evidence links per report have a ceiling (issue 18 item 7):
the forms refuse more than they advertise, and the total per commitment holds when two saves
from the same page cross."""

import datetime

import pytest
from django.urls import reverse

from members import domain
from members.models import EvidenceLink, Milestone
from tests.factories import UserFactory, login
from tests.members.factories import draft_plan, editor_of, quick_member
from tests.members.test_views import _report_post

pytestmark = pytest.mark.django_db
MAX = domain.MILESTONES_PER_COMMITMENT


@pytest.fixture
def commitment(client):
    member = quick_member(editors=[UserFactory()])
    plan = draft_plan(member, commitments=1, milestones=0)
    login(client, editor_of(member))
    return plan.commitments.get()


def milestones_post(existing, new, *, start=0):
    data = {
        "milestones-TOTAL_FORMS": str(len(existing) + new),
        "milestones-INITIAL_FORMS": str(len(existing)),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for index, milestone in enumerate(existing):
        data |= {
            f"milestones-{index}-id": str(milestone.pk),
            f"milestones-{index}-title": milestone.title,
            f"milestones-{index}-due_on": milestone.due_on.isoformat(),
        }
    for index in range(len(existing), len(existing) + new):
        data |= {
            f"milestones-{index}-title": f"Step {start + index}",
            f"milestones-{index}-due_on": "2025-06-01",
        }
    return data


def test_two_hundred_milestones_are_refused_and_nothing_is_saved(client, commitment):
    url = reverse("members:milestones_edit", args=[commitment.pk])
    response = client.post(url, milestones_post([], 200))
    assert response.status_code == 200
    assert f"at most {MAX}" in response.content.decode()
    assert commitment.milestones.count() == 0


def test_the_ceiling_itself_is_accepted(client, commitment):
    url = reverse("members:milestones_edit", args=[commitment.pk])
    response = client.post(url, milestones_post([], MAX))
    assert response.status_code == 302
    assert commitment.milestones.count() == MAX


def test_two_saves_from_the_same_page_cannot_pass_the_total(client, commitment):
    """Each save alone is within the ceiling; together they would not be."""
    existing = [
        Milestone.objects.create(
            commitment=commitment, title=f"M{n}", due_on=datetime.date(2025, 1, 1)
        )
        for n in range(MAX - 10)
    ]
    url = reverse("members:milestones_edit", args=[commitment.pk])
    assert client.post(url, milestones_post(existing, 10)).status_code == 302
    stale = client.post(url, milestones_post(existing, 10, start=100))
    assert stale.status_code == 200
    assert f"at most {MAX}" in stale.content.decode()
    assert commitment.milestones.count() == MAX


def test_two_hundred_evidence_links_are_refused(client, commitment):
    plan = commitment.plan
    plan.status = "published"
    plan.save(update_fields=["status"])
    url = reverse("members:report_edit", args=[commitment.pk])
    links = {"evidence-TOTAL_FORMS": "200", "evidence-INITIAL_FORMS": "0"}
    for index in range(200):
        links |= {
            f"evidence-{index}-label": "Recap",
            f"evidence-{index}-url": "https://example.org/",
        }
    response = client.post(url, _report_post(**links))
    assert response.status_code in {200, 302}
    assert EvidenceLink.objects.count() == 0
    assert f"at most {domain.EVIDENCE_LINKS_PER_REPORT}" in response.content.decode()
