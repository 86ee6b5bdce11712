"""The minutes of the committee's meetings on a call as a PDF: who was there, what was decided
and why. WeasyPrint behind the packets' URL fetcher, which serves only the project's static
files, so nothing a reviewer or coordinator wrote can make the renderer fetch."""

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone

from committee import queries
from packets.fetcher import PacketURLFetcher, static_url
from packets.rendering import PDF_VARIANT


def minutes_html(call) -> str:
    return render_to_string(
        "desk/committee/minutes_pdf.html",
        {
            "call": call,
            "meetings": list(queries.meetings_of(call)),
            "decisions": list(queries.decisions_of(call)),
            "printed_at": timezone.now(),
            "stylesheet": static_url("members/plan-pdf.css"),
        },
    )


def minutes_pdf(call) -> bytes:
    document = weasyprint.HTML(string=minutes_html(call), url_fetcher=PacketURLFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
