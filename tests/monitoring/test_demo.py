import io

import pytest
from django.core.management import call_command

from members.models import Member
from monitoring.enums import AssessmentStatus

pytestmark = pytest.mark.django_db


def test_the_demo_gives_la_paz_its_monitoring_body_and_assessments(
    django_capture_on_commit_callbacks,
):
    for _ in range(2):  # running it again changes nothing
        call_command("load_demo", stdout=io.StringIO())
    member = Member.objects.get(name="La Paz, Bolivia")
    body = member.monitoring_body
    assert body.name == "Observatorio Ciudadano de Gobierno Abierto La Paz"
    assert [monitor.user.email for monitor in body.monitors.all()] == ["monitor@example.org"]
    plan = member.plans.get()
    assert plan.inception_assessment.status == AssessmentStatus.PUBLISHED
    assessment = plan.commitments.get().assessment
    assert assessment.status == AssessmentStatus.PUBLISHED
    assert assessment.evaluator_name == "Milenka Villegas"
    assert assessment.progress == "complete"
    assert assessment.access_to_information_degree == "major"
    assert assessment.evidence.count() == 4
    assert plan.commitments.get().report.evaluator_name != assessment.evaluator_name
