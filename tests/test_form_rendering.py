"""Hidden inputs written without templates are what Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from ogp_portal.form_rendering import PlainHiddenInputRenderer


class Sample(forms.Form):
    plain = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.HiddenInput(attrs={"data-x": 'a"<b>&', "flag": True}))
    off = forms.CharField(widget=forms.HiddenInput(attrs={"hidden-off": False, "id": "custom"}))
    many = forms.MultipleChoiceField(
        choices=[("1", "1"), ("2", "2")], widget=forms.MultipleHiddenInput
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "", "number": "1234567", "off": "x", "many": ["1", "2"]},
        {"plain": "<script>\"quoted\" & 'single'</script>", "number": "-5", "off": "ü"},
    ],
)
def test_hidden_inputs_are_written_as_the_templates_write_them(settings, data):
    settings.USE_THOUSAND_SEPARATOR = True  # the templates do not localise the value either
    templates = Sample(data, renderer=DjangoTemplates())
    plain = Sample(data, renderer=PlainHiddenInputRenderer())
    for name in Sample.base_fields:
        assert str(plain[name]) == str(templates[name])
    assert str(plain) == str(templates)


def test_a_value_already_safe_is_not_escaped_twice():
    widget = forms.HiddenInput()
    for renderer in (DjangoTemplates(), PlainHiddenInputRenderer()):
        html = widget.render("name", mark_safe("a&amp;b"), renderer=renderer)
        assert html == '<input type="hidden" name="name" value="a&amp;b">'


def test_the_portal_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), PlainHiddenInputRenderer)
    assert 'value="7"' in str(Sample({"number": "7"})["number"])
