from django import template
from django.urls import reverse

from accounts.roles import COORDINATOR_GROUP, REVIEWER_GROUP, ROLE_DESCRIPTIONS

from .. import queries

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
