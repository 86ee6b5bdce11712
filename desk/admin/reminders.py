"""Reminders on the desk: what went to whom (read-only, coordinators only), and each call's
reminder days, edited on the call's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from calls.formatting import with_time_zone
from reminders.models import CallReminderSettings, Reminder

from .base import ReadOnlyAdminMixin, RulePermissions, is_coordinator


class CoordinatorsOnly:
    def has_module_permission(self, request):
        return is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request)


@admin.register(Reminder)
class ReminderAdmin(CoordinatorsOnly, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "sent",
        "kind",
        "occasion_label",
        "email",
        "language",
        "call",
        "about_label",
    ]
    list_filter = [
        "kind",
        "language",
        ("call", admin.RelatedOnlyFieldListFilter),
        "sent_at",
    ]
    search_fields = ["email"]
    list_select_related = ["call", "about_type"]
    fields = [
        "sent",
        "kind",
        "occasion_label",
        "email",
        "recipient",
        "language",
        "call",
        "about_label",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        # What each reminder was about, one query per kind of object whatever the rows.
        return super().get_queryset(request).prefetch_related("about")

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, reminder):
        return with_time_zone(reminder.sent_at)

    @admin.display(description=_("occasion"))
    def occasion_label(self, reminder):
        return reminder.occasion_label

    @admin.display(description=_("about"))
    def about_label(self, reminder):
        about = reminder.about
        if about is None:
            return "–"
        return getattr(about, "reference", None) or str(about)


class CallReminderSettingsInline(RulePermissions, admin.StackedInline):
    """Each call's reminder days, on the call's page: kept by whoever edits the call."""

    model = CallReminderSettings
    can_delete = False
    max_num = 1
    extra = 1
    verbose_name_plural = _("reminder days")
    permission_rules = dict.fromkeys(["view", "add", "change"], "calls.edit_call")
