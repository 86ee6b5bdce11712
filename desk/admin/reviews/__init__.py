"""The review in the Django admin: criteria, reviewers, the pipeline, assignments, conflicts,
reviews, decisions, their e-mail templates, and the ranking, one module each.

Coordinators see everything; a reviewer sees only their own reviews and conflicts (the
application pages are in desk/admin/applications.py). Every write goes through reviews.domain,
and every model keeps its history, which the admin shows but never reverts. Importing this
package registers every admin of the review.
"""

from .assignments import AssignmentAdmin, ConflictListFilter, ConflictOfInterestAdmin
from .criteria import CriterionAdmin, ReviewerAdmin
from .decisions import DecisionAdmin, DecisionEmailTemplateAdmin, ReleasedListFilter
from .pipeline import ApplicationColumnsMixin, CandidacyAdmin, StageChangeInline
from .ranking import (
    RANKING_CSV_COLUMNS,
    RANKING_EXPORT_FIELDS,
    ProgressListFilter,
    RankingAdmin,
    RankingChangeList,
    RegionListFilter,
    SpreadListFilter,
    _choice_labels,
    _ExportLabels,
    _format_mean,
    _released,
    _rounded,
)
from .scores import ReviewAdmin, ScoreAdmin

__all__ = [
    "CriterionAdmin",
    "ReviewerAdmin",
    "StageChangeInline",
    "ApplicationColumnsMixin",
    "CandidacyAdmin",
    "ConflictListFilter",
    "AssignmentAdmin",
    "ConflictOfInterestAdmin",
    "ReviewAdmin",
    "ScoreAdmin",
    "ReleasedListFilter",
    "DecisionAdmin",
    "DecisionEmailTemplateAdmin",
    "_format_mean",
    "RegionListFilter",
    "SpreadListFilter",
    "ProgressListFilter",
    "_ExportLabels",
    "_choice_labels",
    "_rounded",
    "_released",
    "RANKING_CSV_COLUMNS",
    "RANKING_EXPORT_FIELDS",
    "RankingChangeList",
    "RankingAdmin",
]
