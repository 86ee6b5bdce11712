"""The record page's filters (a GET form: nothing is saved)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.enums import ApplicationStatus
from reviews.enums import DecisionOutcome

from .queries import PUBLIC_STATUSES


class RecordFilterForm(forms.Form):
    search = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))]
        + [
            (status.value, status.label)
            for status in ApplicationStatus
            if status in PUBLIC_STATUSES
        ],
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("Any")), *DecisionOutcome.choices, ("pending", _("Pending"))],
    )

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any"))] + [
            (code, countries.name(code)) for code in country_codes
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm form-control-sm"

    def filters(self):
        """The valid filters as keyword arguments; an invalid one is dropped, not an error."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
