"""Celery tasks: ids in, load, call the domain or send mail."""

from celery import shared_task

from .mail import mail_editors


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_submission_confirmation(application_id):
    from .models import Application

    application = Application.objects.select_related("call", "lead_government").get(
        pk=application_id
    )
    mail_editors(application, template="applications/emails/submission_confirmation")
