from django import template
from django.utils.translation import gettext as _

from applications.changes import requested_items
from applications.checklist import application_steps, build_checklist

register = template.Library()

MESSAGE_TAG_PREFIX = "checklist:"


def checklist_for(request, application):
    """The application's checklist for the page being drawn, built once per request however
    many parts of the page ask (the guide, a save's message). Display only: a decision (such as
    submission) builds its own under the application's lock."""
    if request is None:
        return build_checklist(application)
    built = request.__dict__.setdefault("_ogp_checklists", {})
    if application.pk not in built:
        built[application.pk] = build_checklist(application)
    return built[application.pk]


def checklist_message_tag(application) -> str:
    """The extra tag that makes a message end with what the application still misses."""
    return MESSAGE_TAG_PREFIX + application.reference


@register.simple_tag(takes_context=True)
def message_text(context, message):
    """A message as the reader sees it. A save's message (``checklist_message_tag``) says what
    the checklist still misses, from the checklist this page builds anyway."""
    tags = (message.extra_tags or "").split()
    reference = next(
        (
            tag.removeprefix(MESSAGE_TAG_PREFIX)
            for tag in tags
            if tag.startswith(MESSAGE_TAG_PREFIX)
        ),
        None,
    )
    request = context.get("request")
    if reference is None or request is None:
        return str(message)
    application = context.get("application")
    if application is None or getattr(application, "reference", None) != reference:
        from applications.queries import application_for_user

        application = application_for_user(request.user, reference)
    if application is None or not application.is_editable:
        return str(message)
    missing = checklist_for(request, application).missing
    if missing:
        return _("%(saved)s Still missing: %(missing)s") % {
            "saved": message,
            "missing": "; ".join(str(item.label) for item in missing),
        }
    return _("%(saved)s Everything the checklist asks for is in: review and submit.") % {
        "saved": message
    }


@register.inclusion_tag("applications/_guide.html", takes_context=True)
def application_guide(context, application, current=""):
    """Where the applicant is on the path, and the one next step (only while editable)."""
    if not application.is_editable:
        return {"show": False}
    request = context.get("request")
    checklist = context.get("checklist") or checklist_for(request, application)
    steps, next_step = application_steps(application, checklist)
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
