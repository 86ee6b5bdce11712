"""Asking applicants for changes at the completeness check (the review's side).

The application's side (the request, the editable state, the resubmission) is in
``applications/changes.py``. Here the review checks that the candidacy is at the completeness
check, and keeps it there: while changes are requested the application is not "submitted", so
``domain.move_stage`` refuses to move it on; once resubmitted it is back at the completeness
check, where a coordinator checks it again.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.changes import open_change_request

from .enums import ReviewStage
from .exceptions import StageChangeRefused
from .models import Candidacy


@transaction.atomic
def request_changes(*, application, items, note, answer_by, by, now=None):
    """A coordinator asks the applicants to change ``items`` (checklist codes), with a note and
    a date to answer by. Only at the completeness check."""
    if not by.has_perm("accounts.coordinate"):
        raise StageChangeRefused(_("Only a coordinator can ask applicants for changes."))
    candidacy = Candidacy.objects.select_for_update().filter(application=application).first()
    if candidacy is None or candidacy.stage != ReviewStage.COMPLETENESS:
        raise StageChangeRefused(
            _("Changes can be asked only at the completeness check; %(reference)s is not there.")
            % {"reference": application.reference}
        )
    return open_change_request(
        application=application, items=items, note=note, answer_by=answer_by, by=by, now=now
    )
