from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.roles import COORDINATOR_GROUP, REVIEWER_GROUP, ROLE_DESCRIPTIONS

from .. import queries
from ..admin import rows
from ..admin.app_list import kept_app_list as _kept_app_list

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_desk(context):
    """The desk of the signed-in staff member: the coordinator's pipeline, or the reviewer's
    queue with its counts. Empty for staff without either role."""
    user = context["request"].user
    if user.has_perm("accounts.coordinate"):
        return {
            "role": "coordinator",
            "role_description": ROLE_DESCRIPTIONS[COORDINATOR_GROUP],
            "pipelines": queries.coordinator_pipeline(),
        }
    if user.has_perm("accounts.review"):
        rows, counts = queries.reviewer_desk(user)
        return {
            "role": "reviewer",
            "role_description": ROLE_DESCRIPTIONS[REVIEWER_GROUP],
            "rows": rows,
            **counts,
            "more": counts["total"] - len(rows),
            "list_url": reverse("admin:applications_application_changelist"),
        }
    return {"role": None}


@register.filter
def review_status_label(status):
    return queries.REVIEW_STATUS_LABELS[status]()


@register.simple_tag(takes_context=True)
def kept_app_list(context):
    """The admin's list of models (the sidebar, the desk's front page), drawn once per content
    (desk.admin.app_list)."""
    return mark_safe(_kept_app_list(context))  # noqa: S308 (a template's own escaped output)


@register.tag(name="desk_result_list")
def desk_result_list(parser, token):
    """Django's ``{% result_list cl %}``, its rows drawn by desk.admin.rows."""
    return InclusionAdminNode(
        parser,
        token,
        func=rows.result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
