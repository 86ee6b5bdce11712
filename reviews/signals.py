"""Signals the reviews room sends to the rooms above it. Sent inside the releasing transaction."""

from django.dispatch import Signal

# Sent with ``decision`` (released now) and ``by``; the members room makes admitted
# applicants members.
decision_released = Signal()
