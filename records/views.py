"""The person's own pages: what the portal holds about them, and erasure; the privacy page."""

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from . import personal


@require_safe
def privacy(request):
    from django.conf import settings

    return render(request, "records/privacy.html", {"retention": settings.RETENTION})


@login_required
@require_safe
def your_data(request):
    return render(request, "records/your_data.html")


@login_required
@require_POST
def your_data_download(request):
    response = HttpResponse(personal.export_bytes(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="your-data.zip"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _erasure_confirmed(request) -> bool:
    return request.POST.get("confirm") == "erase"


@login_required
@require_POST
@reauthentication_required(enabled=_erasure_confirmed)
def erase(request):
    """Erasure, once ticked, asks for the password again (staff with an authenticator: a code
    from it; accounts.adapter), through allauth's reauthentication: the request waits in the
    session meanwhile and goes on once the password or code is right."""
    if not _erasure_confirmed(request):
        return render(request, "records/your_data.html", {"confirm_missing": True}, status=400)
    kept = personal.erase_person(user=request.user)
    logout(request)
    return render(request, "records/erased.html", {"kept": kept})
