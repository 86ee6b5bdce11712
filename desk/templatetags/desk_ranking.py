"""The ranking's result list: the admin's own table (``admin/change_list_results.html``, its
headers and sorting links), with rows drawn from the cells of ``desk.admin.reviews.ranking_rows``
instead of the admin's per-cell machinery."""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin.reviews.ranking_rows import drawn_rows

register = template.Library()


def ranking_result_list(changelist):
    rows = drawn_rows(changelist)
    if rows is None:
        return result_list(changelist)
    headers = list(result_headers(changelist))
    return {
        "cl": changelist,
        "result_hidden_fields": list(result_hidden_fields(changelist)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }


@register.tag(name="ranking_result_list")
def ranking_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=ranking_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
