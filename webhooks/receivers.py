"""The portal's events as webhooks: read from the rows the domain functions already write
(application events, member events, the decision's release)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from applications.enums import ApplicationStatus
from applications.enums import EventKind as ApplicationEventKind
from applications.models import ApplicationEvent
from members.enums import EventKind as MemberEventKind
from members.enums import Status
from members.models import MemberEvent
from reviews.models import Decision

from . import domain
from .enums import Event


@receiver(post_save, sender=ApplicationEvent)
def application_submitted(sender, instance, created, **kwargs):
    if (
        created
        and instance.kind == ApplicationEventKind.STATUS_CHANGED
        and instance.to_status == ApplicationStatus.SUBMITTED
    ):
        application = instance.application
        domain.emit(
            event=Event.APPLICATION_SUBMITTED,
            data={"reference": application.reference, "call": application.call.slug},
        )


@receiver(post_save, sender=Decision)
def decision_released(sender, instance, created, update_fields=None, **kwargs):
    if update_fields and "released_at" in update_fields and instance.released_at is not None:
        domain.emit(
            event=Event.DECISION_RELEASED,
            data={
                "reference": instance.application.reference,
                "outcome": instance.outcome,
                "released_at": instance.released_at.isoformat(),
            },
        )


@receiver(post_save, sender=MemberEvent)
def published(sender, instance, created, **kwargs):
    if not (
        created
        and instance.kind == MemberEventKind.STATUS_CHANGED
        and instance.to_status == Status.PUBLISHED
    ):
        return
    if instance.report_id is not None:
        domain.emit(
            event=Event.REPORT_PUBLISHED,
            data={"report": instance.report_id, "member": instance.member_id},
        )
    elif instance.plan_id is not None:
        domain.emit(
            event=Event.PLAN_PUBLISHED,
            data={"plan": instance.plan_id, "member": instance.member_id},
        )
