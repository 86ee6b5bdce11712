"""The rows of the desk's change lists, drawn from a plan made once a page.

Django's ``items_for_result`` works out, for every cell of every row, what the column is (a
model field looked up in the model's options, an admin method, a property), whether it links,
its CSS classes, and then writes the cell through ``format_html``: on a page of 50 rows and ten
columns, 500 times the same answers, about a quarter of a desk list's time. Here those answers
are worked out once per column (``plan``) and each cell only reads its value and writes it,
with the same HTML as Django's (``tests/desk/test_rows.py`` compares the two).

Lists with editable rows (``list_editable``) and pop-ups keep Django's own drawing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    items_for_result,
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_list import (
    result_list as django_result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

_FIELD, _METHOD, _OTHER = "field", "method", "other"


@dataclass
class Column:
    name: object
    kind: str
    classes: str  # with " nowrap" for date, time and foreign-key fields (as Django's)
    base_classes: str  # a cell whose related object is missing has no "nowrap"
    tag: str  # "th" for the first linked column, "td" otherwise
    link: bool
    field: models.Field | None = None
    method: object = None  # the admin's method, for _METHOD
    choices: dict | None = None  # a field's choices, labelled once a page
    boolean: bool = False
    empty: str = "-"


def plan(cl) -> list[Column]:
    """What each column of ``cl`` is, worked out as ``items_for_result`` would per cell."""
    model_admin = cl.model_admin
    empty = model_admin.get_empty_value_display()
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        if cl.list_display_links is None:
            link = False
        elif first and not cl.list_display_links:
            link = True
        else:
            link = name in cl.list_display_links
        column = Column(
            name=name,
            kind=_OTHER,
            classes=f"field-{_coerce(name, index)}",
            base_classes=f"field-{_coerce(name, index)}",
            tag="td",
            link=link,
            empty=empty,
        )
        if link:
            column.tag = "th" if first else "td"
            first = False
        field = _model_field(cl.model._meta, name)
        if field is not None:
            column.kind, column.field = _FIELD, field
            column.choices = _labels(field)
            if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
                column.classes += " nowrap"
        elif isinstance(name, str) and name != "__str__" and hasattr(model_admin, name):
            column.kind, column.method = _METHOD, getattr(model_admin, name)
            column.boolean = getattr(column.method, "boolean", False)
            column.empty = getattr(column.method, "empty_value_display", empty)
            if name == "action_checkbox":
                column.classes = "action-checkbox"
        columns.append(column)
    return columns


def _labels(field):
    """``{value: label}`` of a field with flat, hashable choices, in the current language; None
    otherwise (display_for_field then does its own work)."""
    choices = getattr(field, "flatchoices", None)
    if not choices:
        return None
    try:
        return {value: str(label) for value, label in choices}
    except TypeError:  # list-like choices: Django's own path
        return None


def _coerce(name, index):
    if name == "action_checkbox" or isinstance(name, str):
        return name
    if callable(name):
        return f"lambda{index}" if name.__name__ == "<lambda>" else name.__name__
    return name


def _model_field(opts, name):
    """The concrete model field named ``name`` (as the admin's ``_get_non_gfk_field``)."""
    if not isinstance(name, str):
        return None
    try:
        field = opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and (field.many_to_many or field.one_to_many or not field.concrete):
        return None
    if field.auto_created and not field.concrete:
        return None
    return field


def _cell(column, result, cl):
    """The cell's representation, as ``items_for_result`` writes it."""
    classes = column.classes
    try:
        if column.kind == _FIELD:
            value = getattr(result, column.field.name)
        elif column.kind == _METHOD:
            value = column.method(result)
        else:
            field, attr, value = lookup_field(column.name, result, cl.model_admin)
            if field is not None:  # a field written another way: Django's own path
                return None
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            empty = getattr(attr, "empty_value_display", column.empty)
            return _shown(display_for_value(value, empty, boolean), value, classes)
    except ObjectDoesNotExist:
        return column.empty, column.base_classes
    if isinstance(value, str) and value.strip() == "":
        value = ""
    if column.kind == _METHOD:
        return _shown(display_for_value(value, column.empty, column.boolean), value, classes)
    if isinstance(column.field.remote_field, models.ManyToOneRel):
        return (column.empty if value is None else value), classes
    if column.choices is not None:  # as display_for_field, with the labels read once
        return column.choices.get(value, column.empty), classes
    shown = display_for_field(value, column.field, column.empty, avoid_link=column.link)
    return shown, classes


def _shown(representation, value, classes):
    if isinstance(value, datetime.date | datetime.time):
        classes += " nowrap"
    return representation, classes


ROW_ID = "0000-row-id-0000"


class RowId:
    """Stands for a row in ``ChangeList.url_for_result``: its primary key is ``ROW_ID``."""

    def __getattr__(self, name):
        return ROW_ID


def row_url_pattern(cl) -> str:
    """The rows' change link, with ``ROW_ID`` for the row's id, reversed once a page."""
    pattern = cl.__dict__.get("_row_url")
    if pattern is None:
        pattern = cl._row_url = ChangeList.url_for_result(cl, RowId())
    return pattern


def _link_pattern(cl):
    """The rows' link with the list's filters kept, or None where the change list writes its
    links its own way."""
    plain = type(cl).url_for_result is ChangeList.url_for_result
    if not (plain or getattr(cl, "plain_row_links", False)):
        return None
    try:
        pattern = row_url_pattern(cl)
    except NoReverseMatch:
        return None
    return add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, pattern
    )


def row_html(columns, result, cl, link_pattern) -> str:
    """One row's cells, or None when a column needs Django's own drawing."""
    cells = []
    for column in columns:
        drawn = _cell(column, result, cl)
        if drawn is None:
            return None
        representation, classes = drawn
        content = conditional_escape(representation)
        if column.link:
            url = link_pattern.replace(ROW_ID, str(quote(getattr(result, cl.pk_attname))))
            content = f'<a href="{escape(url)}">{content}</a>'
        cells.append(f'<{column.tag} class="{classes}">{content}</{column.tag}>')
    return "".join(cells)


def table(cl, rows) -> dict:
    """What Django's ``result_list`` tag gives ``change_list_results.html``: its headers and
    hidden fields, with ``rows`` already drawn (ResultList items)."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }


def result_list(cl) -> dict:
    """Django's ``result_list`` context, each row drawn from the page's plan: one ready cell
    string per row. A change list that draws its own rows (``drawn_rows()``, the ranking's
    prepared cells) gives them instead."""
    drawn_rows = getattr(cl, "drawn_rows", None)
    if drawn_rows is not None and (rows := drawn_rows()) is not None:
        return table(cl, rows)
    if cl.formset or cl.is_popup:
        return django_result_list(cl)
    link_pattern = _link_pattern(cl)
    if link_pattern is None:
        return django_result_list(cl)
    columns = plan(cl)
    rows = []
    for result in cl.result_list:
        drawn = row_html(columns, result, cl, link_pattern)
        if drawn is None:
            rows.append(ResultList(None, items_for_result(cl, result, None)))
        else:
            rows.append(ResultList(None, [mark_safe(drawn)]))  # noqa: S308 (escaped above)
    return table(cl, rows)
