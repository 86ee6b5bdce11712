"""The committee's figures over a whole call (the cohort, the meeting's order, the charts),
kept in the cache until something they are made of changes.

Each of them reads every application or every score of the call (240,000 scores at 10,000
applications): tens of milliseconds of grouped queries that the meeting's page and the
charts would pay on every request, while they change only when someone shortlists, decides,
submits a review or moves a stage. So they are computed once per *version* and kept: the
version is a token in the cache that any save or delete of what they are made of replaces
(``FIGURE_SOURCES``, connected in ``CommitteeConfig.ready``), at once and again when its
transaction commits, so that a page computed meanwhile from the old rows is not kept. What
escapes the model signals (a bulk update, a data import) is seen after ``FIGURES_SECONDS``
at most.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "committee:figures:version"
# How long figures are kept at most, should a change escape the signals.
FIGURES_SECONDS = 60

# The models the figures are made of, as "app_label.ModelName".
FIGURE_SOURCES = (
    "applications.Application",
    "applications.Organisation",
    "reviews.Candidacy",
    "reviews.Decision",
    "reviews.Assignment",
    "reviews.ConflictOfInterest",
    "reviews.Review",
    "reviews.Score",
    "reviews.Criterion",
    "committee.ShortlistMark",
    "committee.CohortPlan",
    "committee.CohortTarget",
)


def version() -> str:
    """The current version; a new one if the cache lost it (nothing older is then read)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        current = _new_version()
        if not cache.add(VERSION_KEY, current, timeout=None):
            current = cache.get(VERSION_KEY) or current
    return current


def _new_version() -> str:
    return str(time.time_ns())


def figures_changed(**_signal) -> None:
    """A source of the figures changed: every figure kept so far is old."""
    cache.set(VERSION_KEY, _new_version(), timeout=None)
    # Again once committed: a page read between the change and its commit kept the old rows.
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_version(), timeout=None))


def kept(name, call, compute, *, per_language=False):
    """``compute()``, or what it gave for ``call`` (None: every call) since the figures last
    changed."""
    parts = ["committee", name, str(call.pk) if call is not None else "all", version()]
    if per_language:
        parts.append(get_language() or "")
    key = ":".join(parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=FIGURES_SECONDS)
    return value


def connect_sources() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in FIGURE_SOURCES:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(figures_changed, sender=model, dispatch_uid=f"figures:{label}")
