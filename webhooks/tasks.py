from celery import shared_task
from django.conf import settings

from . import domain


@shared_task(bind=True, max_retries=None, acks_late=True)
def deliver(self, delivery_id):
    """Send one delivery; on failure try again after 2^n × WEBHOOKS_RETRY_BASE_SECONDS."""
    last = self.request.retries + 1 >= domain.max_attempts()
    if domain.attempt(delivery_id, last=last):
        raise self.retry(countdown=settings.WEBHOOKS_RETRY_BASE_SECONDS * 2**self.request.retries)
