"""How an application event reads, in the reader's language, from its kind and its data.

An ``ApplicationEvent`` stores a kind and structured ``data`` (ids, codes, old and new values),
never text already translated; the words are produced here when someone reads the trail. An app
above this one describes its own kinds by registering with ``@describes`` (letters does, in
``letters/history.py``), as it registers its checklist rules.
"""

from datetime import datetime

from django.utils.translation import gettext, ngettext

from calls.formatting import with_time_zone

from .enums import ApplicationStatus, EventKind

_describers = {}


def describes(*kinds):
    def register(function):
        for kind in kinds:
            _describers[kind] = function
        return function

    return register


def describe(event) -> str:
    describer = _describers.get(event.kind)
    return describer(event) if describer is not None else event.detail


@describes(EventKind.STATUS_CHANGED)
def _status_changed(event):
    # Applicants see statuses only; never an internal review stage.
    return (
        f"{ApplicationStatus(event.from_status).label} → {ApplicationStatus(event.to_status).label}"
    )


@describes(EventKind.SECTION_SAVED)
def _section_saved(event):
    if event.data.get("part") == "details" or event.detail == "details":
        return gettext("Lead government and contact")
    return event.detail


@describes(EventKind.EDITOR_REMOVED)
def _editor_removed(event):
    if event.data.get("left"):
        return gettext("%(email)s left the application") % {"email": event.detail}
    return event.detail


def _moment(value):
    return with_time_zone(datetime.fromisoformat(value)) if value else ""


@describes(EventKind.CHANGES_REQUESTED)
def _changes_requested(event):
    count = len(event.data.get("items", []))
    return ngettext(
        "OGP asked for changes to %(count)d item, to answer by %(date)s",
        "OGP asked for changes to %(count)d items, to answer by %(date)s",
        count,
    ) % {"count": count, "date": _moment(event.data.get("answer_by"))}


@describes(EventKind.CHANGES_CLOSED)
def _changes_closed(event):
    if event.data.get("outcome") == "resubmitted":
        return gettext("Resubmitted with the changes asked for")
    return gettext("OGP closed the change request; the application is checked as it stands")


@describes(EventKind.DEADLINE_EXTENDED)
def _deadline_extended(event):
    return gettext("New deadline for this application: %(date)s") % {
        "date": _moment(event.data.get("deadline"))
    }


@describes(EventKind.SHORTLISTED)
def _shortlisted(event):
    return gettext("Shortlisted: invited to the full application %(reference)s") % {
        "reference": event.data.get("reference", "")
    }


@describes(EventKind.STARTED_FROM_FIRST_STAGE)
def _started_from_first_stage(event):
    count = event.data.get("answers", 0)
    return ngettext(
        "Started from the expression of interest %(reference)s, %(count)d answer carried over",
        "Started from the expression of interest %(reference)s, %(count)d answers carried over",
        count,
    ) % {"reference": event.data.get("reference", ""), "count": count}
