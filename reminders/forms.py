from django import forms
from django.utils.translation import gettext_lazy as _


class ReminderPreferencesForm(forms.Form):
    """One box per reminder that may be turned off; ticked means "send it to me"."""

    kinds = forms.TypedMultipleChoiceField(
        label=_("Reminders you receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a reminder to stop receiving it."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.value, kind.label) for kind in kinds]
