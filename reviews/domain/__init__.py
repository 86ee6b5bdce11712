"""The review of submitted applications, from the completeness check to the released decision.

Admin views and actions, tasks and commands call these functions; tests call them directly.
Each checks its own rule and raises a ``reviews.exceptions`` refusal whose message the admin
shows as is. Stage changes go through move_stage() only; the application's own status moves
with it through applications.domain.set_application_status().

One module per concept: ``criteria``, ``pipeline`` (stages, due diligence), ``assignment``
(reviewers, assignments, the even spread), ``declarations`` (conflicts declared and
withdrawn; the conflict rule itself is reviews.conflicts), ``scoring`` (reviews and scores),
``ranking`` (the stored figures), ``decisions``. Every public name is here too.
"""

from .assignment import (
    Unfilled,
    _even_out,
    _open_for_review,
    assign_reviewer,
    assignment_problem,
    country_change_problem,
    enlist_reviewer,
    spread_assignments,
    unassign_reviewer,
)
from .common import REVIEWABLE_STATUSES, with_history_author
from .criteria import CRITERION_FIELDS, add_default_criteria, remove_criterion, save_criterion
from .decisions import (
    ensure_default_decision_emails,
    record_decision,
    release_decisions,
    send_decision_email,
)
from .declarations import declare_conflict, withdraw_conflict
from .pipeline import (
    _check_ready_for_committee,
    _locked_candidacy,
    ensure_candidacy,
    move_stage,
    open_candidacy_on_submission,
    record_due_diligence,
)
from .ranking import _REFRESH_RANKING, _refresh, _refresh_call, refresh_ranking
from .scoring import _check_scores, _lock_assignment, save_review, submit_review

__all__ = [
    "REVIEWABLE_STATUSES",
    "with_history_author",
    "add_default_criteria",
    "CRITERION_FIELDS",
    "save_criterion",
    "remove_criterion",
    "ensure_candidacy",
    "open_candidacy_on_submission",
    "_locked_candidacy",
    "move_stage",
    "_check_ready_for_committee",
    "record_due_diligence",
    "enlist_reviewer",
    "country_change_problem",
    "_open_for_review",
    "assignment_problem",
    "assign_reviewer",
    "unassign_reviewer",
    "Unfilled",
    "spread_assignments",
    "_even_out",
    "declare_conflict",
    "withdraw_conflict",
    "_lock_assignment",
    "_check_scores",
    "save_review",
    "submit_review",
    "_REFRESH_RANKING",
    "refresh_ranking",
    "_refresh",
    "_refresh_call",
    "record_decision",
    "release_decisions",
    "ensure_default_decision_emails",
    "send_decision_email",
]
