"""Celery tasks: ids in, load, send mail."""

from celery import shared_task

from applications.mail import send_mail_in_language


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_comment(comment_id):
    """Tell everyone in the discussion, but its author, that someone wrote, each in their own
    language. The notice names the application, not what was written: the page shows it to
    those who may read it."""
    from .models import Comment
    from .queries import discussion_participants

    comment = Comment.objects.select_related(
        "application", "application__lead_government", "author"
    ).get(pk=comment_id)
    sent = 0
    for person in discussion_participants(comment.application):
        if person.pk == comment.author_id:
            continue
        sent += send_mail_in_language(
            to=[person.email],
            template="committee/emails/comment_written",
            language=person.language,
            context={"comment": comment, "recipient": person},
        )
    return sent
