"""Packet downloads: for the application's editors, and for staff allowed to review it.
Anyone else gets a 404, whether or not the application or the packet exists."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from applications.models import Application
from common.private_files import private_file_response

from . import queries


@login_required
def packet_download(request, reference, version=None):
    packet = queries.packet_for_download(request.user, reference, version)
    if packet is None:
        application = Application.objects.filter(reference=reference).first()
        if application is None or not queries.may_see_packets(request.user, application):
            raise Http404
        # Allowed, but nothing ready yet: say so instead of a bare 404.
        return render(
            request,
            "packets/packet_pending.html",
            {"application": application, "packet": queries.current_packet(application)},
            status=404,
        )
    return private_file_response(
        packet.file, filename=packet.download_name, content_type="application/pdf"
    )
