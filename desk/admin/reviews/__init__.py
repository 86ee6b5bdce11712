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
    _ROW_ID,
    RANKING_CSV_COLUMNS,
    RANKING_EXPORT_FIELDS,
    ProgressListFilter,
    RankingAdmin,
    RankingChangeList,
    RegionListFilter,
    SpreadListFilter,
    _choice_labels,
    _decision_of,
    _ExportLabels,
    _format_mean,
    _released,
    _rounded,
    _row_url,
    _row_url_pattern,
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
    "_ROW_ID",
    "_row_url_pattern",
    "_row_url",
    "_decision_of",
    "RankingChangeList",
    "RankingAdmin",
]
