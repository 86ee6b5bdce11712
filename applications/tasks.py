"""Celery tasks: ids in, load, call the domain or send mail."""

from celery import shared_task

from .mail import send_mail_in_language


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_submission_confirmation(application_id):
    from .models import Application

    application = Application.objects.select_related("call", "lead_government").get(
        pk=application_id
    )
    for editor in application.editors.select_related("user"):
        send_mail_in_language(
            to=[editor.user.email],
            template="applications/emails/submission_confirmation",
            language=editor.user.language,
            context={"application": application, "recipient": editor.user},
        )
