"""Render one application's packet now, in this process, with the code the workers run."""

import shutil

from django.core.management.base import BaseCommand, CommandError

from applications.models import Application
from packets import domain
from packets.enums import PacketStatus


class Command(BaseCommand):
    help = (
        "Render the packet of the application REFERENCE synchronously (a ready packet with the "
        "same inputs is reused) and optionally copy the PDF to FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The application's reference, e.g. OGPL-2026-0042.")
        parser.add_argument("-o", "--output", metavar="FILE", help="Copy the PDF to FILE.")

    def handle(self, *args, reference, output=None, **options):
        application = Application.objects.filter(reference=reference).first()
        if application is None:
            raise CommandError(f"No application with the reference {reference!r}.")
        packet = domain.request_packet(application=application, enqueue=False)
        if packet.status == PacketStatus.QUEUED:
            self.stdout.write(f"Rendering {packet} ...")
            packet = domain.render_packet(packet=packet)
        elif packet.status == PacketStatus.READY:
            self.stdout.write(f"{packet} is ready and matches the application: reused.")
        if packet.status == PacketStatus.RENDERING:
            raise CommandError(
                f"{packet} is being rendered by a worker since {packet.started_at:%H:%M:%S}. "
                "Run the command again in a minute."
            )
        if packet.status == PacketStatus.FAILED:
            raise CommandError(f"{packet} failed: {packet.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{packet}: {packet.page_count} pages, {packet.size:,} bytes, "
                f"rendered in {packet.render_seconds:.2f} s. Footprint {packet.input_hash}."
            )
        )
        if output:
            with packet.file.open("rb") as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
            self.stdout.write(f"Written to {output}")
