"""Building blocks for the monitoring tests: a member with its Monitoring Body and monitor,
and assessments in each state."""

from applications.models import hash_token
from members.enums import AsPlanned, OpenGovernmentDegree, ProgressLevel
from monitoring import domain
from monitoring.models import MonitorInvitation
from tests.factories import UserFactory

INCEPTION_ANSWERS = {
    "evaluator_name": "Milenka Villegas",
    "forum": True,
    "forum_explanation": "Six open working sessions with government and civil society.",
    "endorsement": True,
    "endorsement_explanation": "UNDP Bolivia and two universities endorsed it in writing.",
    "page_up_to_date": False,
    "page_up_to_date_explanation": "The OGP page was last updated five months ago.",
    "civil_society_feedback": True,
    "civil_society_feedback_explanation": "Each proposal got a written answer.",
    "recommendations": "Update the OGP page every quarter.",
}

END_OF_COMMITMENT_ANSWERS = {
    "evaluator_name": "Milenka Villegas",
    "progress": ProgressLevel.COMPLETE,
    "progress_explanation": "Fourteen university teams took part.",
    "factors": "Teachers encouraged their students.",
    "as_planned": AsPlanned.ALL,
    "as_planned_explanation": "Datasets, call, working groups, event.",
    "access_to_information": True,
    "access_to_information_degree": OpenGovernmentDegree.MAJOR,
    "access_to_information_explanation": "Better data quality and a national award.",
    "civic_participation": False,
    "public_accountability": False,
    "other_results": "",
    "addressed_problem": True,
    "addressed_problem_explanation": "Students shaped policies with data.",
    "lessons": "Widen the open data catalogues.",
}


def monitor_of(member, coordinator, *, email=None, body_name="Fundación Observatorio"):
    """A Monitoring Body for ``member`` with one person who accepted the desk's invitation."""
    body = domain.name_monitoring_body(member=member, name=body_name, by=coordinator)
    user = UserFactory(email=email) if email else UserFactory()
    invitation = domain.invite_monitor(
        body=body, email=user.email, by=coordinator, accept_url_for=str
    )
    token = f"test-monitor-{invitation.pk}"
    MonitorInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    domain.accept_monitor_invitation(token=token, user=user)
    return user


def inception(plan, monitor, **changes):
    return domain.start_inception_assessment(
        plan=plan, by=monitor, **{**INCEPTION_ANSWERS, **changes}
    )


def end_of_commitment(commitment, monitor, **changes):
    return domain.start_end_of_commitment_assessment(
        commitment=commitment,
        by=monitor,
        evidence=[("Event recap – website", "https://example.org/recap")],
        **{**END_OF_COMMITMENT_ANSWERS, **changes},
    )


def published(assessment, monitor, coordinator):
    domain.file_assessment(assessment=assessment, by=monitor)
    domain.publish_assessment(assessment=assessment, by=coordinator)
    assessment.refresh_from_db()
    return assessment
