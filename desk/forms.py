"""Forms of the staff desk. Every input from coordinators and reviewers passes through one."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import REVIEWER_GROUP
from applications.enums import ApplicationStatus
from applications.models import Application
from reviews.domain import assignment_problem, country_change_problem
from reviews.enums import DecisionOutcome, Recommendation
from reviews.models import Assignment, ConflictOfInterest, Decision, Reviewer
from reviews.queries import reviewer_pool


class ScoreForm(forms.Form):
    """One score and comment per criterion, a recommendation and a summary.

    Scores may be left empty in a draft; submitting asks for all of them (domain.submit_review).
    Its radio buttons and text areas are written without templates, as every form's are
    (``FORM_RENDERER``, common.plain_widgets).
    """

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Your overall assessment, for the selection committee."),
    )

    def __init__(self, *args, criteria, review=None, disabled=False, **kwargs):
        self.criteria = list(criteria)
        if review is not None and "initial" not in kwargs:
            scores = {score.criterion_id: score for score in review.scores.all()}
            initial = {"recommendation": review.recommendation, "summary": review.summary}
            for criterion in self.criteria:
                score = scores.get(criterion.pk)
                if score is not None:
                    initial[f"score_{criterion.pk}"] = score.value
                    initial[f"comment_{criterion.pk}"] = score.comment
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[
                    (value, str(value))
                    for value in range(criterion.scale_min, criterion.scale_max + 1)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "score-scale"}),
                help_text=criterion.guidance,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Recommendation and summary come after the criteria.
        self.order_fields(
            [name for name in self.fields if name not in ("recommendation", "summary")]
        )
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def rows(self):
        """(criterion, score field, comment field) for the template, criteria in order."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self):
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: you worked for this government or its partners, or advised them on "
            "this application. The coordinators will read this."
        ),
    )


class SpreadAssignmentsForm(forms.Form):
    per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=20, initial=3
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewer pool"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Applications are spread evenly across these reviewers. Nobody is assigned an "
            "application from their own country or one they declared a conflict with."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pool = reviewer_pool()
        self.fields["reviewers"].queryset = pool
        self.fields["reviewers"].label_from_instance = _reviewer_label
        if not self.is_bound:
            self.initial.setdefault("reviewers", list(pool))


def _reviewer_label(user):
    profile = getattr(user, "reviewer_profile", None)
    if profile is not None and profile.country:
        return f"{user} ({profile.country.name})"
    return str(user)


def reviewers_queryset():
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=REVIEWER_GROUP)
        .order_by("email")
    )


def applications_in_review():
    return (
        Application.objects.filter(
            candidacy__isnull=False,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
        )
        .select_related("lead_government")
        .order_by("reference")
    )


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["application", "reviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "application" in self.fields:
            self.fields["application"].queryset = applications_in_review()
        if "reviewer" in self.fields:
            self.fields["reviewer"].queryset = reviewers_queryset()

    def clean(self):
        cleaned = super().clean()
        application = cleaned.get("application") or getattr(self.instance, "application", None)
        reviewer = cleaned.get("reviewer")
        if self.instance.pk is None and application is not None and reviewer is not None:
            problem = assignment_problem(application=application, reviewer=reviewer)
            if problem:
                raise forms.ValidationError(problem)
        return cleaned


class NamedAutocompleteSelect(AutocompleteSelect):
    """The admin's search box, with a placeholder: the search box's script (select2) names its
    box by the text it shows, which is empty without one (axe: "aria-input-field-name")."""

    def __init__(self, *args, placeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        return super().build_attrs(base_attrs, extra_attrs) | {
            "data-placeholder": str(self.placeholder)
        }

    def optgroups(self, name, value, attr=None):
        # An empty box (the new row, the "add another" copy) lists no option but the blank
        # one, as Django's would, without building the query for no selected value.
        if any(str(v) not in self.choices.field.empty_values for v in value):
            return super().optgroups(name, value, attr)
        blank = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        return [(None, blank, 0)]


class ReviewerAssignmentForm(forms.Form):
    """A coordinator assigns one reviewer on the application's page: a search box of
    reviewers (the admin's autocomplete, narrowed to reviewers in desk.admin.accounts), not a
    dropdown of every reviewer. Whether they may review this application is the domain's to
    say (reviews.domain.assign_reviewer refuses with its reason), once."""

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"] = forms.ModelChoiceField(
            label=_("Add a reviewer"),
            queryset=reviewers_queryset(),
            widget=NamedAutocompleteSelect(
                Assignment._meta.get_field("reviewer"),
                admin_site,
                placeholder=_("Find a reviewer by name"),
            ),
            error_messages={"required": _("Choose a reviewer to assign.")},
        )


class ConflictOfInterestForm(forms.ModelForm):
    """A coordinator records a conflict for a reviewer (before or after assigning them)."""

    class Meta:
        model = ConflictOfInterest
        fields = ["application", "reviewer", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "application" in self.fields:
            self.fields["application"].queryset = applications_in_review()
        if "reviewer" in self.fields:
            self.fields["reviewer"].queryset = reviewers_queryset()
        if "withdrawal_reason" in self.fields:
            self.fields["withdrawal_reason"].required = True
            self.fields["withdrawal_reason"].help_text = _(
                "Saving with a reason withdraws the conflict: the reviewer may read the "
                "application again if assigned. The declaration and its withdrawal stay on record."
            )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["application", "outcome", "reason"]
        widgets = {"outcome": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "application" in self.fields:
            self.fields["application"].queryset = applications_in_review()
        if "outcome" in self.fields:
            self.fields["outcome"].choices = DecisionOutcome.choices

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and self.instance.is_released:
            raise forms.ValidationError(
                _("This decision has been released and can no longer change.")
            )
        return cleaned


class ReviewerForm(forms.ModelForm):
    class Meta:
        model = Reviewer
        fields = ["user", "country", "available"]

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or getattr(self.instance, "user", None)
        if user is not None and (
            problem := country_change_problem(user=user, country=cleaned.get("country"))
        ):
            self.add_error("country", problem)
        return cleaned


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, where "Date:" and "Time:" are each box's label (Django
    prints them as bare text, leaving the time box without a name)."""

    template_name = "desk/widgets/split_datetime.html"
