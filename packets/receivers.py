"""What the packets room listens to in the other rooms.

Submission asks for the first packet, inside the submission's transaction: the Packet row
commits with the submission, and the task is sent only after the commit. Later changes to a
submitted application (an admin's edit, a letter a reviewer asked for) ask again after their
own commit; request_packet() renders a new version only if the inputs really changed.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from applications.models import Answer, Application, Organisation, Partner
from applications.signals import application_submitted
from letters.models import Letter

logger = logging.getLogger(__name__)

# Saving only these fields of an Application changes nothing a packet shows (submission
# itself is handled by application_submitted).
NOT_IN_PACKET = frozenset(
    {"status", "updated_at", "submitted_at", "withdrawn_at", "term_warning_acknowledged", "version"}
)


def connect():
    application_submitted.connect(request_on_submission, dispatch_uid="packets.submission")
    for model in (Letter, Answer, Partner):
        post_save.connect(refresh_after_change, sender=model, dispatch_uid=f"packets.{model}")
        post_delete.connect(refresh_after_change, sender=model, dispatch_uid=f"packets.d{model}")
    post_save.connect(
        refresh_after_application_change, sender=Application, dispatch_uid="packets.application"
    )
    post_save.connect(
        refresh_after_organisation_change,
        sender=Organisation,
        dispatch_uid="packets.organisation",
    )


def request_on_submission(sender, application, user=None, **kwargs):
    from .domain import request_packet

    try:
        # A savepoint: if asking for the packet fails, the submission still goes through;
        # refresh_stale_packets() asks again later.
        with transaction.atomic():
            request_packet(application=application, requested_by=user)
    except Exception:
        logger.exception("Could not request the packet of %s", application.reference)


def refresh_after_change(sender, instance, **kwargs):
    _refresh_on_commit([instance.application_id])


def refresh_after_application_change(sender, instance, created=False, update_fields=None, **kw):
    if created or (update_fields is not None and set(update_fields) <= NOT_IN_PACKET):
        return
    _refresh_on_commit([instance.pk])


def refresh_after_organisation_change(sender, instance, created=False, **kwargs):
    if created:
        return

    def refresh():
        ids = set(Application.objects.filter(lead_government=instance).values_list("pk", flat=True))
        ids |= set(
            Partner.objects.filter(organisation=instance).values_list("application", flat=True)
        )
        _refresh(ids)

    transaction.on_commit(refresh, robust=True)


def _refresh_on_commit(application_ids):
    transaction.on_commit(lambda: _refresh(application_ids), robust=True)


def _refresh(application_ids):
    from .domain import refresh_packet

    for application_id in application_ids:
        refresh_packet(application_id=application_id)
