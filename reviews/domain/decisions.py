"""Decisions: recorded, released, and e-mailed to the applicants."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import html_body
from applications.domain import lock_application, set_application_status
from applications.enums import ApplicationStatus

from .. import tasks
from ..defaults import DEFAULT_DECISION_EMAILS
from ..enums import DecisionOutcome, ReviewStage
from ..exceptions import DecisionRefused
from ..mail import decision_email
from ..models import Decision, DecisionEmailTemplate
from ..signals import decision_released
from .common import with_history_author
from .pipeline import ensure_candidacy, move_stage

# Decisions --------------------------------------------------------------------------------


@transaction.atomic
def record_decision(*, application, outcome, reason, by, now=None) -> Decision:
    """Record (or change, until released) the decision on an application.

    Moves the candidacy to the decision stage if it is not there yet; from the completeness
    check or due diligence that is how an application is screened out.
    """
    outcome = DecisionOutcome(outcome)
    reason = (reason or "").strip()
    if not reason:
        raise DecisionRefused(_("Give the reason for the decision."))
    if not by.has_perm("accounts.coordinate"):
        raise DecisionRefused(_("Only coordinators record decisions."))
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is not None and decision.is_released:
        raise DecisionRefused(
            _("The decision on %(reference)s has been released and can no longer change.")
            % {"reference": application.reference}
        )
    candidacy = ensure_candidacy(application)
    if candidacy.stage != ReviewStage.DECISION:
        move_stage(application=application, to_stage=ReviewStage.DECISION, by=by, now=now)
    decision = decision or Decision(application=application)
    decision.outcome = outcome
    decision.reason = reason
    decision.decided_by = by
    decision.decided_at = now or timezone.now()
    with_history_author(decision, by).save()
    return decision


@transaction.atomic
def release_decisions(*, decisions, by, now=None) -> list[Decision]:
    """Release decisions to their applicants: the status becomes "decided", and each
    application's editors get the decision e-mail (queued once the transaction commits).

    Returns the decisions released now; those released before are left as they are.
    """
    if not by.has_perm("accounts.coordinate"):
        raise DecisionRefused(_("Only coordinators release decisions."))
    now = now or timezone.now()
    released = []
    for decision in (
        Decision.objects.select_for_update(of=("self",))
        .filter(pk__in=[decision.pk for decision in decisions], released_at__isnull=True)
        .select_related("application")
        .order_by("application__reference")
    ):
        application = lock_application(decision.application)
        set_application_status(
            application=application,
            to_status=ApplicationStatus.DECIDED,
            by=by,
            detail=str(DecisionOutcome(decision.outcome).label),
            now=now,
        )
        decision.released_at = now
        decision.released_by = by
        decision._change_reason = "released"
        with_history_author(decision, by).save(update_fields=["released_at", "released_by"])
        tasks.send_decision_email.delay_on_commit(decision.pk)
        decision_released.send(sender=Decision, decision=decision, by=by)
        released.append(decision)
    return released


def ensure_default_decision_emails():
    """The decision e-mail for every call, in each language, where it is missing."""
    for language, template in DEFAULT_DECISION_EMAILS.items():
        DecisionEmailTemplate.objects.get_or_create(call=None, language=language, defaults=template)


def send_decision_email(*, decision, now=None) -> int:
    """E-mail a released decision to each editor of the application, once."""
    if not decision.is_released or decision.emailed_at is not None:
        return 0
    sent = 0
    for editor in decision.application.editors.select_related("user").order_by("added_at", "id"):
        subject, body = decision_email(decision=decision, recipient=editor.user)
        sent += send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [editor.user.email],
            html_message=html_body(body),
        )
    decision.emailed_at = now or timezone.now()
    decision._change_reason = "e-mail sent"
    decision.save(update_fields=["emailed_at"])
    return sent
