"""The portal's form renderer (``FORM_RENDERER``): it writes inputs (hidden, text, e-mail and
the other ``<input>`` kinds), selects, radio buttons, text areas and empty error lists without
the template engine, character for character what Django's own templates write.

A hidden input through templates costs three template renders (hidden.html, input.html,
attrs.html); a page of formsets writes dozens of them (each formset's management fields, each
row's id and parent key), and a form's text fields as many again.

Django draws a group of radio buttons with one template for the group and three for each
button (input_option.html, input.html, attrs.html): the reviewer's score form, eight criteria of
five buttons and a recommendation of three, rendered about 130 templates for its buttons alone,
a third of the page's time. A form whose page is drawn often sets it as its
``default_renderer``; anything this module does not write (a group with option groups, a
custom option template) is left to the templates. tests/test_plain_widgets.py compares the
two for the same forms.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

INPUTS = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "hidden",
        "text",
        "email",
        "url",
        "number",
        "password",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
        "checkbox",
        "color",
        "file",
    )
)  # each of these templates is only {% include "django/forms/widgets/input.html" %}
SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
RADIO = "django/forms/widgets/radio.html"
OPTION = "django/forms/widgets/radio_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"
ERROR_LISTS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")


def _shown(value):
    """What ``{{ value }}`` writes (localised, then escaped unless already safe)."""
    return conditional_escape(localize(value))


def _formatted(value):
    """What ``{{ value|stringformat:'s' }}`` writes: escaped, unless already safe."""
    return str(value) if isinstance(value, SafeData) else escape("%s" % value)  # noqa: UP031


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """django/forms/widgets/input.html, with its final line break."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _option(option):
    """django/forms/widgets/input_option.html, with its final line break (radio_option.html
    adds one more)."""
    if not option["wrap_label"]:
        return _input(option) + "\n"
    label_for = option["attrs"].get("id")
    label_for = f' for="{_shown(label_for)}"' if label_for else ""
    return f"<label{label_for}>{_input(option)} {_shown(option['label'])}</label>\n"


def plain_input(widget):
    """django/forms/widgets/input.html (the renderer strips the template's last line break)."""
    return mark_safe(_input(widget).rstrip("\n"))  # noqa: S308 (every value is escaped)


def _select_option(option):
    """django/forms/widgets/select_option.html, with its final line break."""
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def plain_select(widget):
    """django/forms/widgets/select.html without option groups."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for _group, options, _index in widget["optgroups"]:
        parts.extend(f"\n  {_select_option(option)}" for option in options)
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)


def _plain_select_fits(widget):
    return all(
        not group and all(option["template_name"] == SELECT_OPTION for option in options)
        for group, options, _index in widget["optgroups"]
    )


def plain_radio(widget):
    """django/forms/widgets/radio.html (multiple_input.html) without option groups."""
    group_id = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_shown(group_id)}"' if group_id else "",
        f' class="{_shown(css)}"' if css else "",
        ">",
    ]
    for _group, options, _index in widget["optgroups"]:
        parts.extend(f"<div>\n    {_option(option)}\n</div>" for option in options)
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)


def plain_textarea(widget):
    """django/forms/widgets/textarea.html."""
    value = _shown(widget["value"]) if widget["value"] else ""
    return mark_safe(  # noqa: S308 (every value is escaped above)
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _plain_radio_fits(widget):
    return all(
        not group and all(option["template_name"] == OPTION for option in options)
        for group, options, _index in widget["optgroups"]
    )


class PlainWidgetsRenderer(DjangoTemplates):
    """Django's template renderer, except for inputs, selects, radio groups, text areas and
    empty error lists, written as plain strings (what the templates write, stripped as they
    are)."""

    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return plain_input(context["widget"])
        if template_name == SELECT and _plain_select_fits(context["widget"]):
            return plain_select(context["widget"])
        if template_name == RADIO and _plain_radio_fits(context["widget"]):
            return plain_radio(context["widget"])
        if template_name == TEXTAREA:
            return plain_textarea(context["widget"])
        if template_name in ERROR_LISTS and not context.get("errors"):
            return ""
        return super().render(template_name, context, request=request)
