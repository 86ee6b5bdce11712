"""The monitoring side of the demo data: La Paz's Local Monitoring Body with its evaluator,
the inception assessment of its 2025–2026 plan, and the end-of-commitment assessment of the
datathon, retold in our words from OGP's public report. Called by load_demo; running it again
changes nothing."""

from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from applications.models import hash_token
from members.demo import EVIDENCE, REPORT

from . import domain, process
from .models import EndOfCommitmentAssessment, InceptionAssessment, Monitor, MonitorInvitation

BODY = {
    "name": "Observatorio Ciudadano de Gobierno Abierto La Paz",
    "website": "https://example.org/demo/la-paz/observatorio",
}
EVALUATOR = "Milenka Villegas"

INCEPTION = {
    "evaluator_name": EVALUATOR,
    "forum": True,
    "forum_explanation": (
        "A forum of the municipal government, universities and civil-society organisations met "
        "in open working sessions and chose the commitments together."
    ),
    "endorsement": True,
    "endorsement_explanation": (
        "UNDP Bolivia and the universities of La Paz endorsed the final text in writing before "
        "the municipality submitted it."
    ),
    "page_up_to_date": True,
    "page_up_to_date_explanation": (
        "The member's OGP page showed the plan and the forum's minutes within a month of each "
        "session."
    ),
    "civil_society_feedback": True,
    "civil_society_feedback_explanation": (
        "Every proposal from civil society received a written answer saying whether it was "
        "taken up and why."
    ),
    "recommendations": (
        "Keep the forum meeting during implementation, and publish each milestone's evidence "
        "as soon as it is reached."
    ),
}

# Seed 001 (OGP's end-of-commitment report on the datathon) is the Monitoring Body's: its
# answers, with the evaluator named, are those the demo's self-report tells in our words.
END_OF_COMMITMENT = {**REPORT, "evaluator_name": EVALUATOR}


@transaction.atomic
def load_demo_monitoring(*, member, monitor, coordinator):
    """La Paz's Monitoring Body with ``monitor`` as its evaluator, and both assessments
    published. Returns the body."""
    body = domain.name_monitoring_body(member=member, by=coordinator, **BODY)
    if not Monitor.objects.filter(body=body, user=monitor).exists():
        invitation = domain.invite_monitor(
            body=body, email=monitor.email, by=coordinator, accept_url_for=str
        )
        token = f"demo-monitor-{invitation.pk}"  # the e-mail's token is not kept: use a known one
        MonitorInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
        domain.accept_monitor_invitation(token=token, user=monitor)
    plan = member.plans.order_by("created_at").first()
    if plan is None:
        return body
    now = timezone.now()
    if not InceptionAssessment.objects.filter(plan=plan).exists():
        assessment = domain.start_inception_assessment(plan=plan, by=monitor, **INCEPTION)
        domain.file_assessment(assessment=assessment, by=monitor, now=now)
        domain.publish_assessment(assessment=assessment, by=coordinator, now=now)
    commitment = plan.commitments.order_by("position", "id").first()
    if commitment and not EndOfCommitmentAssessment.objects.filter(commitment=commitment).exists():
        assessment = domain.start_end_of_commitment_assessment(
            commitment=commitment, by=monitor, evidence=EVIDENCE, **END_OF_COMMITMENT
        )
        # Filed when La Paz's evaluator filed it: within the month after the commitment ended
        # (the demo's public page then reads "on time", as the real report was).
        filed = min(now, _noon(process.end_of_commitment_due_on(commitment) - timedelta(days=5)))
        domain.file_assessment(assessment=assessment, by=monitor, now=filed)
        domain.publish_assessment(assessment=assessment, by=coordinator, now=filed)
    return body


def _noon(day):
    return datetime.combine(day, time(12), tzinfo=UTC)
