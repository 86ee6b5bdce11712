"""The committee's figures over a whole call (the cohort, the meeting's order, the charts),
kept in the cache until something they are made of changes (common.kept).

Each of them reads every application or every score of the call (240,000 scores at 10,000
applications): tens of milliseconds of grouped queries that the meeting's page and the
charts would pay on every request, while they change only when someone shortlists, decides,
submits a review or moves a stage. A figure names its sources below, so a shortlist renews the
cohort, not the meeting's order nor the charts.
"""

from django.utils.translation import get_language

from common import kept as _kept

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


def forget_all() -> None:
    """Every kept figure is old (after a bulk write that sent no signal)."""
    _kept.forget(FIGURE_SOURCES)


def kept(name, call, compute, *, sources, per_language=False):
    """``compute()``, or what it gave for ``call`` (None: every call) since its ``sources``
    last changed."""
    parts = ["committee", name, str(call.pk) if call is not None else "all"]
    if per_language:
        parts.append(get_language() or "")
    return _kept.kept(parts, compute, sources=sources)


def connect_sources() -> None:
    from reviews.signals import ranking_refreshed

    # The stored figures' rows are many and written in SQL (a bulk load's too), past the model
    # signals: refresh_ranking announces them.
    _kept.watch(label for label in FIGURE_SOURCES if label != STORED_RANKING)
    _kept.watch_signal(ranking_refreshed, STORED_RANKING)
