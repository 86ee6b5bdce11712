from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from packets import domain
from packets.enums import PacketStatus
from packets.models import Packet

from .base import ReviewerScopedMixin

# Colours in desk/admin.css (.packet-status-<status>): the CSP refuses inline styles.
STATUS_CLASSES = {status: f"packet-status-{status}" for status in PacketStatus.values}


@admin.register(Packet)
class PacketAdmin(ReviewerScopedMixin, admin.ModelAdmin):
    class Media:
        css = {"all": ["desk/admin.css"]}

    list_display = [
        "application",
        "version",
        "status_badge",
        "page_count",
        "size",
        "render_seconds",
        "requested_at",
        "finished_at",
        "download_link",
        "short_error",
    ]
    list_filter = ["status", "application__call"]
    list_select_related = ["application", "application__lead_government"]
    search_fields = ["application__reference", "application__lead_government__name", "input_hash"]
    date_hierarchy = "created_at"
    actions = ["render_again"]
    fields = [
        "application",
        "version",
        "status",
        "error",
        "download_link",
        "input_hash",
        "page_count",
        "rendered_page_count",
        "size",
        "render_seconds",
        "attempts",
        "requested_by",
        "created_at",
        "requested_at",
        "enqueued_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (
            obj is None or request.user.has_perm("packets.review_packet", obj.application)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, packet):
        return format_html(
            '<strong class="{}">{}</strong>',
            STATUS_CLASSES.get(packet.status, ""),
            packet.get_status_display(),
        )

    @admin.display(description=_("reason of the failure"))
    def short_error(self, packet):
        if not packet.error:
            return ""
        return packet.error if len(packet.error) <= 140 else packet.error[:139] + "…"

    @admin.display(description=_("file"))
    def download_link(self, packet):
        if packet.status != PacketStatus.READY:
            return "—"
        url = reverse(
            "packet_version_download",
            kwargs={"reference": packet.application.reference, "version": packet.version},
        )
        return format_html('<a href="{}">{}</a>', url, _("Download PDF"))

    def has_render_permission(self, request):
        return request.user.has_perm("packets.render_packet")

    @admin.action(description=_("Render again"), permissions=["render"])
    def render_again(self, request, queryset):
        outcomes = []
        for packet in queryset.select_related("application"):
            result = domain.render_again(packet=packet, user=request.user)
            if result.pk == packet.pk and result.status == PacketStatus.READY:
                outcomes.append(_("%(packet)s is ready and up to date.") % {"packet": result})
            elif result.pk == packet.pk:
                outcomes.append(_("%(packet)s was sent to the workers again.") % {"packet": result})
            else:
                outcomes.append(
                    _("%(packet)s: version %(version)s is %(status)s.")
                    % {
                        "packet": packet,
                        "version": result.version,
                        "status": result.get_status_display().lower(),
                    }
                )
        self.message_user(
            request,
            ngettext("%(count)d packet handled: ", "%(count)d packets handled: ", len(outcomes))
            % {"count": len(outcomes)}
            + " ".join(str(outcome) for outcome in outcomes),
            messages.SUCCESS,
        )
