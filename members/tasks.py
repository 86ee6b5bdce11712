"""Celery tasks: ids in, load, call the domain (the same path as the packets' rendering)."""

from celery import shared_task

from packets.domain import TRANSIENT_ERRORS


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def render_plan_pdf_task(plan_id):
    # Imported here: domain imports this module to queue the task.
    from . import domain  # noqa: PLC0415
    from .models import ActionPlan  # noqa: PLC0415

    plan = ActionPlan.objects.select_related("member").filter(pk=plan_id).first()
    if plan is None:
        return None
    domain.render_plan_pdf(plan=plan)
    return plan.pk
