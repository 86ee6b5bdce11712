"""The committee's figures over a whole call (the cohort, the meeting's order, the charts),
kept in the cache until something they are made of changes.

Each of them reads every application or every score of the call (240,000 scores at 10,000
applications): tens of milliseconds of grouped queries that the meeting's page and the
charts would pay on every request, while they change only when someone shortlists, decides,
submits a review or moves a stage. So each is computed once per *version* of its sources and
kept: every source model has a version, a token in the cache that a save or delete of one of
its rows replaces (connected in ``CommitteeConfig.ready``), at once and again when its
transaction commits, so that a figure computed meanwhile from the old rows is not kept. A
figure names its sources, so a shortlist renews the cohort, not the meeting's order nor the
charts. What escapes the model signals (a bulk update, a data import) is seen after
``FIGURES_SECONDS`` at most.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

# How long figures are kept at most, should a change escape the signals.
FIGURES_SECONDS = 60

# What the ranking's order is made of (reviews.domain.refresh_ranking follows these, and
# rewrites the stored figures, reviews.ApplicationScores, in SQL: it sends ranking_refreshed).
STORED_RANKING = "reviews.ApplicationScores"
RANKING = (
    STORED_RANKING,
    "applications.Application",
    "reviews.Candidacy",
    "reviews.Assignment",
    "reviews.ConflictOfInterest",
    "reviews.Review",
    "reviews.Score",
    "reviews.Criterion",
)
# Who the candidates are: their governments and stages.
CANDIDATES = ("applications.Application", "applications.Organisation", "reviews.Candidacy")
COHORT = (*CANDIDATES, "committee.ShortlistMark", "committee.CohortPlan", "committee.CohortTarget")
DECISIONS = ("applications.Application", "reviews.Decision")
CHARTS = tuple(dict.fromkeys((*RANKING, *CANDIDATES, *DECISIONS)))
# Every model a figure is made of.
FIGURE_SOURCES = tuple(dict.fromkeys((*RANKING, *COHORT, *DECISIONS)))


def _key(label):
    return f"committee:figures:version:{label.lower()}"


def versions(sources) -> list[str]:
    """The current version of each source; a new one for a source the cache lost (nothing
    older is then read)."""
    keys = [_key(label) for label in sources]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_version(), timeout=None)
            found[key] = cache.get(key) or _new_version()
    return [found[key] for key in keys]


def _new_version() -> str:
    return str(time.time_ns())


def forget_all() -> None:
    """Every kept figure is old (after a bulk write that sent no signal)."""
    cache.delete_many([_key(label) for label in FIGURE_SOURCES])


def source_changed(sender, **_signal) -> None:
    """A row of ``sender`` was saved or deleted: the figures made of it are old."""
    key = _key(sender._meta.label)
    cache.set(key, _new_version(), timeout=None)
    # Again once committed: a figure read between the change and its commit kept the old rows.
    transaction.on_commit(lambda: cache.set(key, _new_version(), timeout=None))


def kept(name, call, compute, *, sources, per_language=False):
    """``compute()``, or what it gave for ``call`` (None: every call) since its ``sources``
    last changed."""
    scope = str(call.pk) if call is not None else "all"
    # The sources' versions, hashed: a key names many of them, and stays short (250 at most).
    state = hashlib.sha256(":".join(versions(sources)).encode()).hexdigest()[:32]
    parts = ["committee", name, scope, state]
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

    from reviews.signals import ranking_refreshed

    for label in FIGURE_SOURCES:
        if label == STORED_RANKING:
            continue  # its rows are many and written in SQL: no model signal for each
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(source_changed, sender=model, dispatch_uid=f"figures:{label}")
    # The stored figures are written in SQL (a bulk load's too), past the model signals.
    ranking_refreshed.connect(
        source_changed, sender=apps.get_model(STORED_RANKING), dispatch_uid="figures"
    )
