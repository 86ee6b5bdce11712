from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from applications.forms import DateInput

from .domain import EVIDENCE_LINKS_PER_REPORT, MILESTONES_PER_COMMITMENT
from .enums import OPEN_GOVERNMENT_QUESTIONS, OGPValue, OpenGovernmentDegree
from .models import (
    ActionPlan,
    Commitment,
    EndOfCommitmentReport,
    EvidenceLink,
    Milestone,
)

YES_NO = [("True", _("Yes")), ("False", _("No"))]


def yes_no_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "starts_on", "ends_on", "co_creation", "civil_society_organisations"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "co_creation": forms.Textarea(attrs={"rows": 4}),
            "civil_society_organisations": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The period must end after it starts."))
        return data


class CommitmentForm(forms.ModelForm):
    ogp_values = forms.TypedMultipleChoiceField(
        label=_("Relevant OGP values"),
        choices=OGPValue.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
    )

    class Meta:
        model = Commitment
        fields = [
            "title",
            "problem",
            "action",
            "contribution",
            "ogp_values",
            "lead_agency",
            "other_government_actors",
            "other_non_governmental_actors",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "problem",
                "action",
                "contribution",
                "other_government_actors",
                "other_non_governmental_actors",
            ]
        }


def commitment_formset(plan, *, extra):
    return inlineformset_factory(
        ActionPlan,
        Commitment,
        form=CommitmentForm,
        extra=extra,
        can_delete=True,
        max_num=plan.max_commitments,
        validate_max=True,
    )


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}


class MilestoneBaseFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": _("A commitment has at most %(num)d milestones."),
    }


# The ceiling is enforced (validate_max), and no more forms than that are even built
# (absolute_max); the domain checks the total again under the plan's lock.
MilestoneFormSet = inlineformset_factory(
    Commitment,
    Milestone,
    form=MilestoneForm,
    formset=MilestoneBaseFormSet,
    extra=2,
    can_delete=True,
    max_num=MILESTONES_PER_COMMITMENT,
    validate_max=True,
    absolute_max=MILESTONES_PER_COMMITMENT,
)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        assume_scheme="https",
        help_text=_("A web page showing the milestone was reached."),
    )


class ReportForm(forms.ModelForm):
    access_to_information = yes_no_field(OPEN_GOVERNMENT_QUESTIONS["access_to_information"])
    civic_participation = yes_no_field(OPEN_GOVERNMENT_QUESTIONS["civic_participation"])
    public_accountability = yes_no_field(OPEN_GOVERNMENT_QUESTIONS["public_accountability"])
    addressed_problem = yes_no_field(
        _(
            "2.2 Did the commitment address the public policy problem it set out to address "
            "in the action plan?"
        )
    )

    class Meta:
        model = EndOfCommitmentReport
        fields = [
            "evaluator_name",
            "progress",
            "progress_explanation",
            "factors",
            "as_planned",
            "as_planned_explanation",
            "access_to_information",
            "access_to_information_degree",
            "access_to_information_explanation",
            "civic_participation",
            "civic_participation_degree",
            "civic_participation_explanation",
            "public_accountability",
            "public_accountability_degree",
            "public_accountability_explanation",
            "other_results",
            "addressed_problem",
            "addressed_problem_explanation",
            "lessons",
        ]
        labels = {
            "progress": _(
                "1.1 What was the overall level of progress of the commitment at the time of "
                "this assessment?"
            ),
            "progress_explanation": _("Explain your answer briefly"),
            "factors": _(
                "1.2 Which external or internal factors affected the implementation, and how "
                "were they addressed (or not)?"
            ),
            "as_planned": _("1.3 Was the commitment implemented as originally planned?"),
            "as_planned_explanation": _("Explain your answer briefly"),
            "access_to_information_degree": _("Degree of result"),
            "civic_participation_degree": _("Degree of result"),
            "public_accountability_degree": _("Degree of result"),
            "access_to_information_explanation": _(
                "Explanation: what has been the impact on people or practice?"
            ),
            "civic_participation_explanation": _(
                "Explanation: what has been the impact on people or practice?"
            ),
            "public_accountability_explanation": _(
                "Explanation: what has been the impact on people or practice?"
            ),
            "other_results": _("2.1.4 Other results"),
            "addressed_problem_explanation": _("Explain your answer briefly"),
            "lessons": _("3. At least one lesson or reflection from implementing this commitment"),
        }
        widgets = {
            "progress": forms.RadioSelect,
            "as_planned": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "progress_explanation",
                    "factors",
                    "as_planned_explanation",
                    "access_to_information_explanation",
                    "civic_participation_explanation",
                    "public_accountability_explanation",
                    "other_results",
                    "addressed_problem_explanation",
                    "lessons",
                ]
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("progress", "as_planned"):
            self.fields[name].choices = [
                choice for choice in self.fields[name].choices if choice[0]
            ]
        for value in ("access_to_information", "civic_participation", "public_accountability"):
            self.fields[f"{value}_degree"].choices = [("", "—"), *OpenGovernmentDegree.choices]

    def clean(self):
        data = super().clean()
        for value in ("access_to_information", "civic_participation", "public_accountability"):
            if data.get(value) is True:
                if not data.get(f"{value}_degree"):
                    self.add_error(f"{value}_degree", _("Give the degree of the result."))
                if not (data.get(f"{value}_explanation") or "").strip():
                    self.add_error(
                        f"{value}_explanation", _("Explain the result in a few sentences.")
                    )
        return data


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), assume_scheme="https", max_length=200)

    class Meta:
        model = EvidenceLink
        fields = ["label", "url"]


class EvidenceBaseFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": _("A report has at most %(num)d evidence links."),
    }


EvidenceFormSet = inlineformset_factory(
    EndOfCommitmentReport,
    EvidenceLink,
    form=EvidenceForm,
    formset=EvidenceBaseFormSet,
    extra=2,
    can_delete=True,
    max_num=EVIDENCE_LINKS_PER_REPORT,
    validate_max=True,
    absolute_max=EVIDENCE_LINKS_PER_REPORT,
)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the member"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what should change; the member sees this comment."),
    )


class EditorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of a colleague"),
        help_text=_(
            "They receive an e-mail invitation and join by accepting it, signed in with that "
            "address."
        ),
    )
