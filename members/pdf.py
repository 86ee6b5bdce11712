"""A published action plan as a PDF: WeasyPrint behind the packets' URL fetcher.

The fetcher is the security boundary: it serves the project's static files and refuses any
other URL (http, file, data...), so text a member typed can never make the renderer fetch.
"""

import weasyprint
from django.template.loader import render_to_string

from packets.fetcher import PacketURLFetcher, static_url
from packets.rendering import PDF_VARIANT

from . import queries


def plan_html(plan) -> str:
    plan = queries.plan_with_commitments(plan.pk)
    return render_to_string(
        "members/plan_pdf.html",
        {"plan": plan, "member": plan.member, "stylesheet": static_url("members/plan-pdf.css")},
    )


def plan_pdf(plan) -> bytes:
    html = plan_html(plan)
    # Tagged (PDF/UA) like the packets, so screen readers can follow it.
    document = weasyprint.HTML(string=html, url_fetcher=PacketURLFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
