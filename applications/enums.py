from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    # OGP asked for changes at the completeness check: editable again until resubmitted.
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    UNDER_REVIEW = "under_review", _("Under review")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The only moves an application's status can make; set_application_status() enforces them.
ALLOWED_TRANSITIONS = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.CHANGES_REQUESTED,
    },
    # Resubmitted by the applicants, or the request closed by a coordinator (applications/changes.py).
    ApplicationStatus.CHANGES_REQUESTED: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.UNDER_REVIEW: {ApplicationStatus.DECIDED},
    ApplicationStatus.DECIDED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    ACADEMIA = "academia", _("University or research institute")
    COMMUNITY_GROUP = "community_group", _("Community group or citizen council")
    PRIVATE_SECTOR = "private_sector", _("Private sector or chamber of commerce")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other non-governmental organisation")


class GovernmentLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal or city")
    REGIONAL = "regional", _("Regional, provincial or state")
    OTHER = "other", _("Other sub-national government")


class EditorRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class EventKind(models.TextChoices):
    CREATED = "created", _("Application created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    SECTION_SAVED = "section_saved", _("Section saved")
    PARTNER_ADDED = "partner_added", _("Partner added")
    PARTNER_CHANGED = "partner_changed", _("Partner changed")
    PARTNER_REMOVED = "partner_removed", _("Partner removed")
    EDITOR_INVITED = "editor_invited", _("Editor invited")
    EDITOR_JOINED = "editor_joined", _("Editor joined")
    EDITOR_INVITATION_WITHDRAWN = "editor_invitation_withdrawn", _("Editor invitation withdrawn")
    EDITOR_REMOVED = "editor_removed", _("Editor removed")
    LETTER_INVITED = "letter_invited", _("Letter author invited")
    LETTER_INVITATION_REVOKED = "letter_invitation_revoked", _("Letter invitation withdrawn")
    LETTER_RECEIVED = "letter_received", _("Letter received")
    LETTER_WITHDRAWN = "letter_withdrawn", _("Letter withdrawn")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    CHANGES_CLOSED = "changes_closed", _("Change request closed")
    DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
    SHORTLISTED = "shortlisted", _("Invited to the full application")
    STARTED_FROM_FIRST_STAGE = (
        "started_from_first_stage",
        _("Started from the expression of interest"),
    )


class ChangeRequestOutcome(models.TextChoices):
    RESUBMITTED = "resubmitted", _("Resubmitted by the applicants")
    CLOSED = "closed", _("Closed by OGP without resubmission")
