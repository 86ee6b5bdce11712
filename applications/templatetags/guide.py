from django import template

from applications.changes import requested_items
from applications.checklist import application_steps, build_checklist

register = template.Library()


@register.inclusion_tag("applications/_guide.html", takes_context=True)
def application_guide(context, application, current=""):
    """Where the applicant is on the path, and the one next step (only while editable)."""
    if not application.is_editable:
        return {"show": False}
    checklist = context.get("checklist") or build_checklist(application)
    steps, next_step = application_steps(application, checklist)
    request = context.get("request")
    change_request = application.open_change_request
    return {
        "change_request": change_request,
        "requested": requested_items(change_request, checklist) if change_request else [],
        "show_next": request is None or next_step.url != request.get_full_path(),
        "show": True,
        "steps": steps,
        "next_step": next_step,
        "current": current,
        "complete": checklist.is_complete,
        "missing_count": len(checklist.missing),
    }
