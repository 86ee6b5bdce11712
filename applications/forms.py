from datetime import date

from django import forms
from django.db import models
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from calls.enums import QuestionKind

from .domain import ineligibility_message, ineligibility_reason
from .enums import OrganisationKind
from .models import Application, Organisation, Partner


def https_by_default(field, **kwargs):
    """Web addresses typed without a scheme are taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


REQUIRED_MARK = " *"


def mark_required_for_submission(form, names):
    """Mark the fields the checklist requires, without refusing a partial draft.

    Truly required fields get their mark from the form renderer; these get the same "*" in
    their label, so the form and the checklist agree on what an application needs.
    """
    for name in names:
        field = form.fields.get(name)
        if field is not None and not field.required:
            field.label = f"{field.label}{REQUIRED_MARK}"
            field.widget.attrs["aria-required"] = "true"


class DateInput(forms.MultiWidget):
    """A date as day, month (by name, in the page's language) and year.

    A browser's own date picker shows dates in the browser's locale, whatever the page's
    language; three labelled parts read the same for everyone and send an ISO date.
    """

    template_name = "applications/widgets/date_parts.html"

    def __init__(self, attrs=None):
        number = {"class": "form-control", "inputmode": "numeric"}
        widgets = [
            forms.TextInput(attrs={**number, "size": 2, "maxlength": 2, "autocomplete": "off"}),
            forms.Select(attrs={"class": "form-select"}),
            forms.TextInput(attrs={**number, "size": 4, "maxlength": 4, "autocomplete": "off"}),
        ]
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        self.widgets[1].choices = [("", "—")] + [
            (str(number), capfirst(MONTHS[number])) for number in range(1, 13)
        ]
        return super().get_context(name, value, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if value:
            return [value.day, str(value.month), value.year]
        return [None, None, None]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def value_from_datadict(self, data, files, name):
        if name in data:  # one ISO value, from a script or an older page
            return data[name]
        day, month, year = (
            (part or "").strip() for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            return ""
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            return f"{year}-{month}-{day}"  # refused by the field as an invalid date
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


class GovernmentForm(forms.ModelForm):
    """The lead government's facts (criterion 3 needs the term's end date)."""

    class Meta:
        model = Organisation
        formfield_callback = https_by_default
        fields = [
            "name",
            "country",
            "government_level",
            "population",
            "area_km2",
            "term_ends_on",
            "website",
        ]
        labels = {"name": _("Name of the government")}
        help_texts = {
            "name": _("For example: Municipal Government of La Paz."),
            "term_ends_on": _("OGP Local asks for at least 16 months of term after the deadline."),
        }
        widgets = {"term_ends_on": DateInput()}

    # The facts the checklist counts (checklist.lead_government_details).
    REQUIRED_FOR_SUBMISSION = ["name", "country", "government_level", "population", "term_ends_on"]

    def __init__(self, *args, require_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["government_level"].required = require_all
        if require_all:
            self.fields["term_ends_on"].required = True
        mark_required_for_submission(self, self.REQUIRED_FOR_SUBMISSION)


class StartApplicationForm(GovernmentForm):
    language = forms.ChoiceField(
        label=_("Language of the application"),
        choices=Application._meta.get_field("language").choices,
        help_text=_("E-mails about the application and its packet use this language."),
    )

    class Meta(GovernmentForm.Meta):
        fields = ["name", "country", "government_level", "term_ends_on", "language"]

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, require_all=True, **kwargs)
        self.call = call
        if call is not None:
            # The page's script says at once when a chosen country is not eligible.
            self.fields["country"].widget.attrs.update(
                {
                    "data-eligible": " ".join(c.code for c in call.eligible_countries),
                    "data-ineligible-message": ineligibility_message("%(country)s"),
                }
            )

    def clean_country(self):
        country = self.cleaned_data["country"]
        if self.call is not None and (
            reason := ineligibility_reason(call=self.call, country=country)
        ):
            raise forms.ValidationError(reason)
        return country


class ApplicationDetailsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The details the checklist counts (checklist.point_of_contact).
    REQUIRED_FOR_SUBMISSION = ["lead_office", "contact_name", "contact_email"]

    class Meta:
        model = Application
        fields = ["lead_office", "contact_name", "contact_position", "contact_email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required_for_submission(self, self.REQUIRED_FOR_SUBMISSION)


class PartnerOrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = https_by_default
        fields = ["name", "kind", "country", "website", "government_level"]
        labels = {"name": _("Name of the organisation"), "kind": _("Type of organisation")}
        help_texts = {"government_level": _("Only for governments.")}

    def clean(self):
        cleaned = super().clean()
        is_government = cleaned.get("kind") == OrganisationKind.GOVERNMENT
        if is_government and not cleaned.get("government_level"):
            self.add_error("government_level", _("Say which level of government this partner is."))
        if not is_government:
            cleaned["government_level"] = ""
        return cleaned


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["role", "contact_name", "contact_email"]


class InviteEditorForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail"),
        help_text=_("They will get a link to join this application as an editor."),
    )


class SubmitForm(forms.Form):
    acknowledge_term_warning = forms.BooleanField(
        label=_("I understand that our term ends less than 16 months after the deadline."),
        required=False,
    )
    publication_consent = forms.BooleanField(
        label=_(
            "OGP may publish our letters of intent and support with the call's results, as it "
            "publishes candidates' application materials."
        ),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("The information in this application is accurate and the letters are genuine."),
        required=True,
    )


class SectionForm(forms.Form):
    """One section of a call's form. Drafts may be partial: required answers are the checklist's job."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, answers, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = self._field_for(question)
            field.required = False
            field.initial = answers.get(question.pk, "")
            if isinstance(field, forms.ChoiceField) and field.initial not in dict(field.choices):
                # Chosen while reading the call in another language: keep it as written.
                field.choices = [*field.choices, (field.initial, field.initial)]
            if language and isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs["lang"] = language  # what applicants write, marked as such
            self.fields[question.field_name] = field
        mark_required_for_submission(
            self, [question.field_name for question in questions if question.required]
        )

    @staticmethod
    def _field_for(question):
        common = {"label": question.text, "help_text": question.help_text}
        if question.kind == QuestionKind.NUMBER:
            return forms.DecimalField(**common, min_value=0, max_digits=14, decimal_places=2)
        if question.kind == QuestionKind.DATE:
            return forms.DateField(**common, widget=DateInput())
        if question.kind == QuestionKind.CHOICE:
            choices = [("", "---------")] + [(choice, choice) for choice in question.choice_list]
            return forms.ChoiceField(**common, choices=choices)
        max_length = question.max_length or (
            500 if question.kind == QuestionKind.SHORT_TEXT else 10000
        )
        widget = (
            forms.TextInput
            if question.kind == QuestionKind.SHORT_TEXT
            else forms.Textarea(attrs={"rows": 6})
        )
        return forms.CharField(**common, max_length=max_length, widget=widget)

    def answers(self):
        """Cleaned answers as text, keyed by question id."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value is None:
                value = ""
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            else:
                value = str(value).strip()
            result[question.pk] = value
        return result
