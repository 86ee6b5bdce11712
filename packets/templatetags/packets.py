from django import template

from applications.enums import ApplicationStatus

from .. import queries

register = template.Library()


@register.inclusion_tag("packets/_packet_card.html", takes_context=True)
def packet_card(context, application):
    """The packet's card for the application page: {% load packets %}{% packet_card application %}.

    Shows nothing for drafts, or for a user who may not download the packet.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = (
        application.status != ApplicationStatus.DRAFT
        and user is not None
        and queries.may_see_packets(user, application)
    )
    current = queries.current_packet(application) if visible else None
    ready = queries.latest_ready_packet(application) if current else None
    return {
        "show": current is not None,
        "application": application,
        "current": current,
        "ready": ready,
    }
