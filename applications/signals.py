"""Signals other rooms listen to. Sent inside the transaction that made the change."""

from django.dispatch import Signal

# Sent with ``application`` once it is submitted; the packets app queues its rendering.
application_submitted = Signal()
