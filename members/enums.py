from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    """The life of an action plan and of an end-of-commitment report."""

    DRAFT = "draft", pgettext_lazy("plan or report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("plan or report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("plan or report status", "Returned for changes")
    PUBLISHED = "published", pgettext_lazy("plan or report status", "Published")


# The only moves a plan or a report can make; domain.set_status() enforces them.
ALLOWED_TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.RETURNED, Status.PUBLISHED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.PUBLISHED: set(),
}
# The member's editors change a plan or report only in these states.
EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED}


class OGPValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    TECHNOLOGY_AND_INNOVATION = (
        "technology_and_innovation",
        _("Technology and innovation for transparency and accountability"),
    )


class ProgressLevel(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("level of progress", "Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class AsPlanned(models.TextChoices):
    ALL = "all", _("All of the commitment milestones were implemented as planned")
    SOME = "some", _("Some of the commitment milestones were implemented as planned")
    NONE = "none", _("None of the commitment milestones were implemented as planned")
    CHANGED = "changed", _("The commitment was changed during implementation")


class OpenGovernmentDegree(models.TextChoices):
    """OGP's "did it open government" scale."""

    WORSENED = "worsened", _("Worsened")
    DID_NOT_CHANGE = "did_not_change", _("Did not change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")


class EventKind(models.TextChoices):
    ADMITTED = "admitted", _("Became a member")
    EDITOR_ADDED = "editor_added", _("Editor added")
    EDITOR_INVITED = "editor_invited", _("Editor invited")
    EDITOR_JOINED = "editor_joined", _("Editor joined through an invitation")
    EDITOR_INVITATION_WITHDRAWN = "editor_invitation_withdrawn", _("Editor invitation withdrawn")
    STATUS_CHANGED = "status_changed", _("Status changed")
    COMMENTED = "commented", _("Comment from OGP")
    MILESTONE_DONE = "milestone_done", _("Milestone done")


# Questions 2.1.1 to 2.1.3 of the end-of-commitment report, as OGP asks them (in our words).
OPEN_GOVERNMENT_QUESTIONS = {
    "access_to_information": _(
        "2.1.1 Did the government disclose more or better information, or improve the "
        "channels to disclose or request it, or access to it?"
    ),
    "civic_participation": _(
        "2.1.2 Did the government create or improve opportunities, channels or "
        "capabilities for the public to give feedback, take part, or inform or influence "
        "decisions?"
    ),
    "public_accountability": _(
        "2.1.3 Did the government create or improve channels, opportunities or "
        "capabilities to hold officials answerable for their actions?"
    ),
}
