"""Each monitoring permission with each role, on a draft and a published assessment."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import UserFactory
from tests.members.factories import editor_of, published_plan, quick_member
from tests.monitoring.factories import end_of_commitment, inception, monitor_of, published
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

PERMISSIONS = (
    "monitoring.monitor_member",
    "monitoring.write_assessment",
    "monitoring.file_assessment",
    "monitoring.comment_assessment",
    "monitoring.comment_as_member",
    "monitoring.follow_assessment",
    "monitoring.view_assessment",
    "monitoring.review_assessment",
)
# role -> (permissions on the draft, permissions on the published assessment)
EXPECTED = {
    "monitor": (
        {
            "monitoring.monitor_member",
            "monitoring.write_assessment",
            "monitoring.file_assessment",
            "monitoring.follow_assessment",
            "monitoring.view_assessment",
        },
        {
            "monitoring.monitor_member",
            "monitoring.follow_assessment",
            "monitoring.view_assessment",
        },
    ),
    "editor": (
        {
            "monitoring.comment_assessment",
            "monitoring.comment_as_member",
            "monitoring.follow_assessment",
            "monitoring.view_assessment",
        },
        {
            "monitoring.comment_as_member",
            "monitoring.follow_assessment",
            "monitoring.view_assessment",
        },
    ),
    "other_monitor": (set(), {"monitoring.view_assessment"}),
    "stranger": (set(), {"monitoring.view_assessment"}),
    "anonymous": (set(), {"monitoring.view_assessment"}),
    "coordinator": (
        {"monitoring.view_assessment", "monitoring.review_assessment"},
        {"monitoring.view_assessment", "monitoring.review_assessment"},
    ),
}


@pytest.fixture
def people():
    coordinator = make_coordinator()
    member = quick_member(editors=[UserFactory()])
    monitor = monitor_of(member, coordinator)
    other_monitor = monitor_of(quick_member(editors=[UserFactory()]), coordinator)
    plan = published_plan(member, coordinator)
    draft = end_of_commitment(plan.commitments.first(), monitor)
    public = published(inception(plan, monitor), monitor, coordinator)
    return {
        "users": {
            "monitor": monitor,
            "editor": editor_of(member),
            "other_monitor": other_monitor,
            "stranger": UserFactory(),
            "anonymous": AnonymousUser(),
            "coordinator": coordinator,
        },
        "draft": draft,
        "published": public,
    }


@pytest.mark.parametrize("role", EXPECTED)
def test_each_permission_for_each_role(people, role):
    user = people["users"][role]
    # Superusers pass every has_perm; ask the rules themselves, as the views' predicates do.
    import rules

    for assessment, wanted in zip(
        (people["draft"], people["published"]), EXPECTED[role], strict=True
    ):
        granted = {name for name in PERMISSIONS if rules.has_perm(name, user, assessment)}
        assert granted == wanted, (role, assessment.status)
