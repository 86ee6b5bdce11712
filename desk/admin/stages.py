"""Two-stage calls on the desk: shortlisting expressions of interest (docs/two-stage-calls.md).

The rule is ``applications.stages.invite_to_full_application``; this action calls it for each
selected application and reports every refusal.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.exceptions import ApplicationError
from applications.stages import invite_to_full_application


@admin.action(
    description=_("Shortlist: invite to the full application (expressions of interest)"),
    permissions=["coordinate"],
)
def invite_selected_to_full_application(modeladmin, request, queryset):
    invited = []
    for application in queryset.select_related("call").order_by("reference"):
        try:
            full = invite_to_full_application(application=application, by=request.user)
        except ApplicationError as refusal:
            modeladmin.message_user(request, refusal.message, messages.WARNING)
        else:
            invited.append(full)
    if invited:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d applicant invited to the full application by e-mail: %(references)s.",
                "%(count)d applicants invited to the full application by e-mail: %(references)s.",
                len(invited),
            )
            % {
                "count": len(invited),
                "references": ", ".join(full.reference for full in invited),
            },
            messages.SUCCESS,
        )
    elif not queryset.exists():
        modeladmin.message_user(request, gettext("No application selected."), messages.WARNING)
