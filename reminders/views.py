from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import domain
from .enums import REQUIRED_BECAUSE, is_required, kinds_for
from .forms import ReminderPreferencesForm


@login_required
def reminder_preferences(request):
    """The signed-in person's reminders: the optional ones to turn off, the required ones with
    why they stay on. Each person sees and changes only their own."""
    kinds = kinds_for(request.user)
    optional = [kind for kind in kinds if not is_required(kind)]
    turned_off = domain.turned_off_kinds(user=request.user)
    initial = {"kinds": [kind.value for kind in optional if kind not in turned_off]}
    form = ReminderPreferencesForm(request.POST or None, initial=initial, kinds=optional)
    if request.method == "POST" and form.is_valid():
        domain.set_reminder_preferences(
            user=request.user, wanted=form.cleaned_data["kinds"], shown=optional
        )
        messages.success(request, _("Your reminder choices were saved."))
        return redirect("reminder_preferences")
    return render(
        request,
        "reminders/preferences.html",
        {
            "form": form,
            "required": [(kind, REQUIRED_BECAUSE[kind]) for kind in kinds if is_required(kind)],
        },
    )
