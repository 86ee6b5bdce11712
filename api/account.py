"""The account's page of personal API tokens: create (shown once) and revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.second_factor import session_passed_second_factor

from . import tokens
from .models import PersonalToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “member pages on our website”."),
    )


def _page(request, *, form, created=None, status=200):
    context = {
        "form": form,
        "created": created,
        "tokens": PersonalToken.objects.filter(owner=request.user),
        "needs_second_factor": request.user.is_staff and not session_passed_second_factor(request),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def token_list(request):
    if request.method != "POST":
        return _page(request, form=TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        row, token = tokens.create_token(request=request, name=form.cleaned_data["name"])
    except tokens.TokenError as error:
        form.add_error(None, str(error))
        return _page(request, form=form, status=403 if request.user.is_staff else 400)
    # Shown in this answer only: never stored, never in a redirect or the session.
    response = _page(request, form=TokenForm(), created={"row": row, "token": token})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        row = tokens.revoke_token(user=request.user, token_id=pk)
    except tokens.TokenError as error:
        messages.error(request, str(error))
        return redirect("api:tokens")
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": row.name})
    return redirect("api:tokens")
