"""Radio groups, text areas and empty error lists written without templates are what
Django's templates write (common.plain_widgets)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.plain_widgets import PlainChoicesRenderer
from desk.forms import ScoreForm
from tests.reviews.factories import call_with_criteria


class Sample(forms.Form):
    scale = forms.TypedChoiceField(
        choices=[(value, str(value)) for value in range(1, 6)],
        coerce=int,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "score-scale", "data-x": 'a"<b>&'}),
    )
    words = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", mark_safe("<i>no</i>")), ("odd", "R&D <b>")],
        widget=forms.RadioSelect,
    )
    plain = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect(attrs={"id": ""}), required=False
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    other = forms.CharField(widget=forms.Textarea(attrs={"disabled": True, "hidden": False}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"scale": "3", "words": "no", "text": "<script>alert('x')</script>\nline", "other": "ü"},
        {"scale": "9", "words": "", "text": "", "other": ""},  # invalid: errors are shown
    ],
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_what_is_written_is_what_the_templates_write(data, language):
    with translation.override(language):
        templates = Sample(data, renderer=DjangoTemplates())
        plain = Sample(data, renderer=PlainChoicesRenderer())
        for name in Sample.base_fields:
            assert str(plain[name]) == str(templates[name]), name
            assert str(plain[name].errors) == str(templates[name].errors), name
        assert str(plain) == str(templates)


def test_a_grouped_radio_is_left_to_the_templates():
    grouped = forms.RadioSelect(choices=[("Group", [("a", "A"), ("b", "B")])])
    assert grouped.render("g", "a", renderer=PlainChoicesRenderer()) == grouped.render(
        "g", "a", renderer=DjangoTemplates()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("disabled", [False, True])
def test_the_score_form_is_written_as_the_templates_write_it(disabled):
    criteria = list(call_with_criteria().criteria.all())
    data = {f"score_{criteria[0].pk}": "4", f"comment_{criteria[0].pk}": "Good & <clear>"}
    plain = ScoreForm(data, criteria=criteria, disabled=disabled)
    templates = ScoreForm(data, criteria=criteria, disabled=disabled, renderer=DjangoTemplates())
    assert isinstance(plain.renderer, PlainChoicesRenderer)
    assert str(plain) == str(templates)
    assert 'value="4" class="score-scale"' in str(plain)
