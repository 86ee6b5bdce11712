"""Celery tasks: ids in, load, call the domain."""

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from . import domain

# Seconds. Far below the broker's visibility timeout (CELERY_BROKER_TRANSPORT_OPTIONS, one
# hour), so that Redis never hands a message to a second worker while the first still works.
SOFT_TIME_LIMIT = 300
TIME_LIMIT = 360


class PacketTask(Task):
    """Records the final failure on the packet, once Celery gives up on retrying."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from .models import Packet

        packet_id = args[0] if args else kwargs.get("packet_id")
        packet = Packet.objects.filter(pk=packet_id).first()
        if packet is None:
            return
        if isinstance(exc, SoftTimeLimitExceeded):
            reason = _("Rendering took longer than %(seconds)s seconds.") % {
                "seconds": SOFT_TIME_LIMIT
            }
        else:
            reason = _("Gave up after %(retries)s retries: %(error)s") % {
                "retries": self.request.retries,
                "error": f"{type(exc).__name__}: {exc}",
            }
        domain.mark_failed(packet, reason=reason)


@shared_task(
    base=PacketTask,
    bind=True,
    acks_late=True,  # a worker that dies mid-render leaves the message for another
    reject_on_worker_lost=True,
    autoretry_for=domain.TRANSIENT_ERRORS,
    retry_backoff=5,  # 5 s, 10 s, 20 s, ... with jitter
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def render_packet_task(self, packet_id):
    from .models import Packet

    packet = Packet.objects.select_related("application").filter(pk=packet_id).first()
    if packet is None:
        return None
    packet = domain.render_packet(packet=packet)
    return packet.status


@shared_task
def requeue_stuck_packets_task():
    return len(domain.requeue_stuck_packets())


@shared_task
def refresh_stale_packets_task():
    return len(domain.refresh_stale_packets())
