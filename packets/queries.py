"""Finding packets for pages and downloads, with the permission filter in one place."""

from applications.models import Application

from .models import Packet


def packet_for_download(user, reference, version=None):
    """The ready packet (the current one, or ``version``) if ``user`` may download it: an
    editor of the application, or staff allowed to review it. Otherwise None."""
    if not user.is_authenticated:
        return None
    application = (
        Application.objects.select_related("call", "lead_government")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        return None
    is_editor = Application.objects.editable_by(user).filter(pk=application.pk).exists()
    if not (is_editor or user.has_perm("packets.review_packet", application)):
        return None
    packets = Packet.objects.ready().filter(application=application)
    if version is not None:
        packets = packets.filter(version=version)
    packet = packets.order_by("-requested_at", "-version").first()
    if packet is not None:
        packet.application = application
    return packet


def may_see_packets(user, application) -> bool:
    return user.has_perm("packets.review_packet", application) or (
        Application.objects.editable_by(user).filter(pk=application.pk).exists()
    )


def current_packet(application):
    """The packet most recently asked for (it matches the application as it is now)."""
    return application.packets.order_by("-requested_at", "-version").first()


def latest_ready_packet(application):
    return application.packets.ready().order_by("-requested_at", "-version").first()
