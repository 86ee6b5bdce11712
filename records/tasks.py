"""Celery tasks: ids in, load, call the domain."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=3000, time_limit=3300)
def build_call_archive_task(archive_id):
    from . import domain
    from .models import CallArchive

    archive = CallArchive.objects.filter(pk=archive_id).first()
    if archive is None:
        return None
    return domain.build_archive(archive=archive).status


@shared_task
def apply_retention_task():
    from . import retention

    return retention.apply_retention().pk


@shared_task
def sweep_stuck_archives_task():
    from . import stuck

    return stuck.sweep_stuck_archives()
