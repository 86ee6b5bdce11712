"""The outbox: mail the portal could not hand to the mail server at once, kept until it is."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingMail(models.Model):
    """One message as rendered for its recipients, waiting for the mail server.

    The rendered message may carry a secret link (an invitation's token); the database holds
    it while it waits, as it holds the token's hash, and its text is erased once it is sent.
    The broker only ever sees this row's id.
    """

    created_at = models.DateTimeField(default=timezone.now)
    from_email = models.CharField(max_length=320)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=998)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="mailings_unsent_due",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"
