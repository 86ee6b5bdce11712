from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentStatus(models.TextChoices):
    """The life of a Monitoring Body's assessment (inception or end of commitment)."""

    DRAFT = "draft", pgettext_lazy("assessment status", "Draft")
    FILED = "filed", pgettext_lazy("assessment status", "Filed")
    RETURNED = "returned", pgettext_lazy("assessment status", "Returned for changes")
    PUBLISHED = "published", pgettext_lazy("assessment status", "Published")


# The only moves an assessment can make; domain.set_assessment_status() enforces them. The
# Monitoring Body files; the Support Unit returns or publishes.
ALLOWED_TRANSITIONS = {
    AssessmentStatus.DRAFT: {AssessmentStatus.FILED},
    AssessmentStatus.FILED: {AssessmentStatus.RETURNED, AssessmentStatus.PUBLISHED},
    AssessmentStatus.RETURNED: {AssessmentStatus.FILED},
    AssessmentStatus.PUBLISHED: set(),
}
# The Monitoring Body writes, and the member's editors comment, only in these states.
OPEN_STATUSES = {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}


class AssessmentKind(models.TextChoices):
    INCEPTION = "inception", _("Inception assessment")
    END_OF_COMMITMENT = "end-of-commitment", _("End-of-commitment assessment")


class MonitoringEventKind(models.TextChoices):
    STARTED = "started", _("Assessment started")
    COMMENTED = "commented", _("Comment from the member")
    STATUS_CHANGED = "status_changed", _("Status changed")
    BODY_NAMED = "body_named", _("Monitoring Body named")
    MONITOR_INVITED = "monitor_invited", _("Monitor invited")
    MONITOR_JOINED = "monitor_joined", _("Monitor joined")
    CONTRARY_TO_PROCESS_LETTER = (
        "contrary_to_process_letter",
        _("Letter on acting contrary to process sent"),
    )


# The inception assessment's questions, as OGP asks them (in our words): each is answered yes
# or no, with an explanation.
INCEPTION_QUESTIONS = {
    "forum": _(
        "1. Did a multi-stakeholder forum, with government and civil society, co-create the "
        "action plan?"
    ),
    "endorsement": _(
        "2. Did non-governmental stakeholders endorse the action plan before it was submitted?"
    ),
    "page_up_to_date": _(
        "3. Is the member's page on the OGP website kept up to date (at least every four months)?"
    ),
    "civil_society_feedback": _(
        "4. Did the government give civil society a reasoned response to its proposals?"
    ),
}
