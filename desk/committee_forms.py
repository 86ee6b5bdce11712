"""Forms of the committee's room on the desk: discussion, decisions, cohort targets, attendance."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import COORDINATOR_GROUP, REVIEWER_GROUP
from committee.cohort import listed_values, value_label
from committee.enums import CohortDimension
from reviews.enums import DecisionOutcome


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    shareable = forms.BooleanField(
        label=_("The applicant may read this comment (without my name)"), required=False
    )


class CommitteeDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("The committee's reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded once with the decision and in the minutes of the meeting."),
        max_length=10_000,
    )
    feedback = forms.CharField(
        label=_("Feedback to the applicant"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20_000,
        help_text=_(
            "Sent with the decision e-mail, in the application's language. It starts from the "
            "comments reviewers let the applicant read; edit it so that it reads as one text."
        ),
    )


# Targets are set for these; a country is kept in balance by its largest share instead.
TARGET_DIMENSIONS = [
    CohortDimension.REGION,
    CohortDimension.GOVERNMENT_LEVEL,
    CohortDimension.POPULATION_BAND,
]


class CohortPlanForm(forms.Form):
    size = forms.IntegerField(label=_("Cohort size"), min_value=1, required=False)
    max_country_share = forms.IntegerField(
        label=_("Largest share of one country (%)"), min_value=1, max_value=100
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = targets or {}
        self.target_fields = []
        for dimension in TARGET_DIMENSIONS:
            names = []
            for value in listed_values(dimension):
                name = f"target__{dimension.value}__{value}"
                self.fields[name] = forms.IntegerField(
                    label=value_label(dimension, value),
                    min_value=0,
                    required=False,
                    initial=targets.get((dimension.value, value)),
                )
                names.append(name)
            self.target_fields.append((dimension.label, [self[name] for name in names]))

    def targets(self):
        found = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("target__"):
                _prefix, dimension, key = name.split("__", 2)
                found[(dimension, key)] = value
        return found


def committee_people():
    """Who may sit in a meeting: active coordinators and reviewers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name=COORDINATOR_GROUP) | Q(groups__name=REVIEWER_GROUP))
        .distinct()
        .order_by("full_name", "email")
    )


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who is in the meeting"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = committee_people()
        self.fields["attendees"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )
