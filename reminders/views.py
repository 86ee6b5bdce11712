from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import domain
from .enums import REQUIRED_BECAUSE, optional_kinds
from .forms import ReminderPreferencesForm


@login_required
def reminder_preferences(request):
    """The signed-in person's reminders: the optional ones to turn off, the required ones with
    why they stay on. Each person sees and changes only their own."""
    turned_off = domain.turned_off_kinds(user=request.user)
    initial = {"kinds": [kind.value for kind in optional_kinds() if kind not in turned_off]}
    form = ReminderPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        domain.set_reminder_preferences(user=request.user, wanted=form.cleaned_data["kinds"])
        messages.success(request, _("Your reminder choices were saved."))
        return redirect("reminder_preferences")
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "required": list(REQUIRED_BECAUSE.items())},
    )
