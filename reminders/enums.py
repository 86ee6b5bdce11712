"""The kinds of reminder, who receives each, and which ones the process requires."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ReminderKind(models.TextChoices):
    DRAFT_DEADLINE = "draft_deadline", _("Draft application before the call closes")
    LETTER_INVITATION = "letter_invitation", _("Letter not yet uploaded before the call closes")
    REVIEW_DUE = "review_due", _("Reviews to submit before the review deadline")
    REVIEW_OVERDUE = "review_overdue", _("Reviews overdue")
    MILESTONE_DUE = "milestone_due", _("Milestone due")
    REPORT_DUE = "report_due", _("End-of-commitment report due")
    ACTION_PLAN_DUE = "action_plan_due", _("Action plan due")
    COORDINATOR_DIGEST = "coordinator_digest", _("Weekly digest of what waits on the coordinators")


# Reminders the process depends on: they cannot be turned off, and the account page says why.
REQUIRED_BECAUSE = {
    ReminderKind.REVIEW_OVERDUE: _(
        "The committee decides only once every assigned review is in; an overdue review holds "
        "up every applicant of the call."
    ),
    ReminderKind.REPORT_DUE: _(
        "OGP publishes an end-of-commitment report for every commitment; a report not filed "
        "within a month of the commitment's end is noted as late."
    ),
    ReminderKind.ACTION_PLAN_DUE: _(
        "A member whose action plan is more than about four months late acts contrary to the "
        "OGP process, and the Support Unit says so in writing."
    ),
}

# Letter authors have no account, so nothing to turn off: they are told once per occasion
# and never after the upload, the withdrawal of the invitation or the submission.
WITHOUT_ACCOUNT = {ReminderKind.LETTER_INVITATION}


def is_required(kind) -> bool:
    return kind in REQUIRED_BECAUSE


def optional_kinds():
    return [kind for kind in ReminderKind if not is_required(kind) and kind not in WITHOUT_ACCOUNT]


# Reminders only people in a staff role receive; everyone else may edit an application or a
# member's plans and reports, so meets the others.
FOR_ROLE = {
    ReminderKind.REVIEW_DUE: "accounts.review",
    ReminderKind.REVIEW_OVERDUE: "accounts.review",
    ReminderKind.COORDINATOR_DIGEST: "accounts.coordinate",
}


def kinds_for(user):
    """The reminders ``user`` may receive (without a letter author's, who has no account)."""
    return [
        kind
        for kind in ReminderKind
        if kind not in WITHOUT_ACCOUNT and (kind not in FOR_ROLE or user.has_perm(FOR_ROLE[kind]))
    ]


OVERDUE = "overdue"


def before(days: int) -> str:
    """The occasion "``days`` days before the deadline", as stored."""
    return f"before:{days}"


def occasion_label(occasion: str) -> str:
    """An occasion as the reader's language says it ("14 days before the deadline")."""
    if occasion == OVERDUE:
        return str(_("once overdue"))
    if occasion.startswith("before:"):
        days = int(occasion.removeprefix("before:"))
        return ngettext(
            "%(days)d day before the deadline", "%(days)d days before the deadline", days
        ) % {"days": days}
    if occasion.startswith("week:"):
        return str(_("week %(week)s")) % {"week": occasion.removeprefix("week:")}
    return occasion
