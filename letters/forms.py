from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from applications.forms import DateInput
from applications.models import Organisation

from .domain import INVITABLE_KINDS, application_governments
from .enums import LetterKind
from .models import Letter, LetterInvitation

LANGUAGE_CHOICES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
    ("other", _("Other")),
]


class LetterFileField(forms.FileField):
    """Accepts any upload here; letters.validation judges the content afterwards."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Letter (PDF, or a scan as JPEG or PNG)"))
        # Lazy: the field is built at import, the text is read in the language of each request.
        kwargs.setdefault(
            "help_text",
            lazy(
                lambda: (
                    _("Up to %(megabytes)d MB and %(pages)d pages.")
                    % {
                        "megabytes": settings.LETTER_MAX_BYTES // (1024 * 1024),
                        "pages": settings.LETTER_MAX_PAGES,
                    }
                ),
                str,
            )(),
        )
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        )
        super().__init__(**kwargs)


class LetterFileForm(forms.Form):
    """Only the file, to read what the letter says before the sender confirms the details."""

    file = LetterFileField()


class LetterDetailsForm(forms.ModelForm):
    """What the uploader says about the letter; the file is checked separately."""

    file = LetterFileField()
    language = forms.ChoiceField(label=_("Language of the letter"), choices=LANGUAGE_CHOICES)
    # The file first: the page reads it and proposes the fields below it.
    field_order = ["file"]

    class Meta:
        model = Letter
        fields = [
            "kind",
            "government",
            "author_organisation",
            "signatory_name",
            "signatory_title",
            "signed_on",
            "language",
        ]
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        if "government" in self.fields:
            governments = application_governments(application)
            self.fields["government"].queryset = Organisation.objects.filter(
                pk__in=[government.pk for government in governments]
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == LetterKind.INTENT and not cleaned.get("government"):
            self.add_error("government", _("Say which government this letter of intent is from."))
        return cleaned

    def details(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class InviteeLetterForm(LetterDetailsForm):
    """The invitee's form: the kind comes from the invitation."""

    class Meta(LetterDetailsForm.Meta):
        fields = [
            "author_organisation",
            "signatory_name",
            "signatory_title",
            "signed_on",
            "language",
        ]

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, application=invitation.application, **kwargs)
        self.initial.setdefault("author_organisation", invitation.organisation_name)

    def clean(self):
        return forms.ModelForm.clean(self)


class LetterInvitationForm(forms.ModelForm):
    class Meta:
        model = LetterInvitation
        fields = ["organisation_name", "email", "kind"]
        help_texts = {"email": _("The link to upload the letter is sent to this address.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice for choice in LetterKind.choices if choice[0] in INVITABLE_KINDS
        ]
