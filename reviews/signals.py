"""Signals the reviews room sends to the rooms above it. Sent inside the releasing transaction."""

from django.dispatch import Signal

# Sent with ``decision`` (released now) and ``by``; the members room makes admitted
# applicants members.
decision_released = Signal()

# Sent with ``sender=ApplicationScores`` once ``domain.refresh_ranking`` has rewritten the
# stored figures (in SQL, which sends no model signal): figures kept above them are old.
ranking_refreshed = Signal()
