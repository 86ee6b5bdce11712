"""The ranking's result list: the admin's own table (``admin/change_list_results.html``, its
headers and sorting links), with rows drawn from the cells of ``desk.admin.reviews.ranking_rows``
instead of the admin's per-cell machinery."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin.reviews.ranking_rows import drawn_rows
from ..admin.rows import table

register = template.Library()


def ranking_result_list(changelist):
    rows = drawn_rows(changelist)
    if rows is None:
        return result_list(changelist)
    return table(changelist, rows)


@register.tag(name="ranking_result_list")
def ranking_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=ranking_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
