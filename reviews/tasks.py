"""Celery tasks: ids in, load, call the domain or send mail."""

from celery import shared_task

from applications.mail import send_mail_in_language


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_decision_email(decision_id):
    from .domain import send_decision_email as send
    from .models import Decision

    decision = Decision.objects.select_related(
        "application", "application__call", "application__lead_government"
    ).get(pk=decision_id)
    return send(decision=decision)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_conflict_declared(conflict_id):
    """Tell every coordinator that a reviewer stepped aside, so the application gets another."""
    from .models import ConflictOfInterest
    from .queries import coordinators

    conflict = ConflictOfInterest.objects.select_related(
        "application", "application__lead_government", "reviewer", "declared_by"
    ).get(pk=conflict_id)
    for coordinator in coordinators():
        send_mail_in_language(
            to=[coordinator.email],
            template="reviews/emails/conflict_declared",
            language=coordinator.language,
            context={"conflict": conflict, "recipient": coordinator},
        )
