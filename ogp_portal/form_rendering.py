"""The form renderer: Django's, except that hidden inputs are written without the template
engine.

A page of forms writes many hidden inputs: each inline formset's four management fields and,
on the desk's application page, every read-only inline row's id and parent key (about 90 of
the page's 100 widgets). Through templates each costs three template renders (hidden.html,
input.html, attrs.html); here it is one string, character for character what those templates
write (tests/test_form_rendering.py compares the two).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

HIDDEN_INPUT = "django/forms/widgets/hidden.html"


def _text(value):
    """What ``{{ value|stringformat:'s' }}`` writes: escaped, unless already safe."""
    return str(value) if isinstance(value, SafeData) else escape("%s" % value)  # noqa: UP031


def plain_input(widget):
    """django/forms/widgets/input.html (with attrs.html) for one widget's context."""
    parts = [f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{_text(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


class PlainHiddenInputRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == HIDDEN_INPUT:
            return plain_input(context["widget"])
        return super().render(template_name, context, request=request)
