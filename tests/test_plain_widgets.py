"""Inputs, selects, radio groups, text areas and empty error lists written without templates
are what Django's templates write (common.plain_widgets, the portal's FORM_RENDERER)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.plain_widgets import PlainWidgetsRenderer
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
    name = forms.CharField(max_length=20, required=False, initial='x"<y> & z')
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"data-x": "<&>"}))
    number = forms.IntegerField(required=False, initial=1234567)
    day = forms.DateField(required=False)
    agreed = forms.BooleanField(required=False, initial=True)
    secret = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"flag": True}))
    language = forms.ChoiceField(
        choices=[("en", "English"), ("es", mark_safe("<i>Español</i>")), ("x", "R&D <b>")],
        initial="es",
    )
    blank = forms.ChoiceField(choices=[("", "---"), ("1", _("Yes"))], required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    many_hidden = forms.MultipleChoiceField(
        choices=[("1", "1"), ("2", "2")], widget=forms.MultipleHiddenInput, required=False
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"scale": "3", "words": "no", "text": "<script>alert('x')</script>\nline", "other": "ü"},
        {
            "words": "yes",
            "other": "o",
            "name": "<script>\"q\" & 's'</script>",
            "email": "not an address",
            "number": "-5",
            "day": "2026-12-07",
            "agreed": "on",
            "secret": "ü",
            "language": "x",
            "blank": "1",
            "many": ["a", "b"],
            "many_hidden": ["1", "2"],
        },
        {"scale": "9", "words": "", "text": "", "other": ""},  # invalid: errors are shown
    ],
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_what_is_written_is_what_the_templates_write(settings, data, language):
    settings.USE_THOUSAND_SEPARATOR = True  # the templates do not localise a value either
    with translation.override(language):
        templates = Sample(data, renderer=DjangoTemplates())
        plain = Sample(data, renderer=PlainWidgetsRenderer())
        for name in Sample.base_fields:
            assert str(plain[name]) == str(templates[name]), name
            assert str(plain[name].errors) == str(templates[name].errors), name
        assert str(plain) == str(templates)


def test_a_value_already_safe_is_not_escaped_twice():
    widget = forms.HiddenInput()
    for renderer in (DjangoTemplates(), PlainWidgetsRenderer()):
        html = widget.render("name", mark_safe("a&amp;b"), renderer=renderer)
        assert html == '<input type="hidden" name="name" value="a&amp;b">'


def test_the_portal_renders_every_form_with_it():
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), PlainWidgetsRenderer)


def test_a_grouped_select_is_left_to_the_templates():
    grouped = forms.Select(choices=[("Group", [("a", "A"), ("b", "B")])])
    assert grouped.render("g", "a", renderer=PlainWidgetsRenderer()) == grouped.render(
        "g", "a", renderer=DjangoTemplates()
    )


def test_a_grouped_radio_is_left_to_the_templates():
    grouped = forms.RadioSelect(choices=[("Group", [("a", "A"), ("b", "B")])])
    assert grouped.render("g", "a", renderer=PlainWidgetsRenderer()) == grouped.render(
        "g", "a", renderer=DjangoTemplates()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("disabled", [False, True])
def test_the_score_form_is_written_as_the_templates_write_it(disabled):
    criteria = list(call_with_criteria().criteria.all())
    data = {f"score_{criteria[0].pk}": "4", f"comment_{criteria[0].pk}": "Good & <clear>"}
    plain = ScoreForm(data, criteria=criteria, disabled=disabled)
    templates = ScoreForm(data, criteria=criteria, disabled=disabled, renderer=DjangoTemplates())
    assert isinstance(plain.renderer, PlainWidgetsRenderer)
    assert str(plain) == str(templates)
    assert 'value="4" class="score-scale"' in str(plain)
