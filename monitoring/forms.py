from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from members.forms import ReportForm, yes_no_field

from .domain import independence_refusal
from .enums import INCEPTION_QUESTIONS
from .models import (
    AssessmentEvidence,
    EndOfCommitmentAssessment,
    InceptionAssessment,
    MonitoringBody,
)

EXPLAIN = _("Explain your answer briefly")


class InceptionAssessmentForm(forms.ModelForm):
    forum = yes_no_field(INCEPTION_QUESTIONS["forum"])
    endorsement = yes_no_field(INCEPTION_QUESTIONS["endorsement"])
    page_up_to_date = yes_no_field(INCEPTION_QUESTIONS["page_up_to_date"])
    civil_society_feedback = yes_no_field(INCEPTION_QUESTIONS["civil_society_feedback"])

    class Meta:
        model = InceptionAssessment
        fields = [
            "evaluator_name",
            "forum",
            "forum_explanation",
            "endorsement",
            "endorsement_explanation",
            "page_up_to_date",
            "page_up_to_date_explanation",
            "civil_society_feedback",
            "civil_society_feedback_explanation",
            "recommendations",
        ]
        labels = {f"{name}_explanation": EXPLAIN for name in INCEPTION_QUESTIONS}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [f"{name}_explanation" for name in INCEPTION_QUESTIONS]
            + ["recommendations"]
        }


class EndOfCommitmentAssessmentForm(ReportForm):
    """Seed 001's questions, as the member's self-report asks them (members.forms.ReportForm)."""

    class Meta(ReportForm.Meta):
        model = EndOfCommitmentAssessment


class AssessmentEvidenceForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), assume_scheme="https", max_length=200)

    class Meta:
        model = AssessmentEvidence
        fields = ["label", "url"]


AssessmentEvidenceFormSet = inlineformset_factory(
    EndOfCommitmentAssessment,
    AssessmentEvidence,
    form=AssessmentEvidenceForm,
    extra=2,
    can_delete=True,
    max_num=30,
)


class AssessmentCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comment to the Monitoring Body"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The Monitoring Body reads it before filing; it stays in the history."),
    )


class MonitoringBodyForm(forms.ModelForm):
    """The desk's form: the body's name, and the e-mail of a person to invite (optional)."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    invite = forms.EmailField(
        label=_("Invite a monitor"),
        required=False,
        help_text=_("An e-mail with a link to join is sent in the member's language."),
    )

    class Meta:
        model = MonitoringBody
        fields = ["member", "name", "website"]

    def clean(self):
        data = super().clean()
        email = data.get("invite")
        member = data.get("member") or getattr(self.instance, "member", None)
        if email and member is not None:
            if refusal := independence_refusal(member=member, email=email):
                self.add_error("invite", refusal)
            elif (
                self.instance.pk
                and self.instance.monitors.filter(user__email__iexact=email).exists()
            ):
                self.add_error(
                    "invite",
                    _("%(email)s already belongs to this Monitoring Body.") % {"email": email},
                )
        return data
