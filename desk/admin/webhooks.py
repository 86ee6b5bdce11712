"""Webhook endpoints and their delivery log, for coordinators."""

from django import forms
from django.contrib import admin, messages
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webhooks import domain
from webhooks.addresses import AddressRefused, check_url
from webhooks.enums import Event
from webhooks.models import Delivery, Endpoint

from .base import is_coordinator


class CoordinatorsOnly:
    def has_module_permission(self, request):
        return is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request)

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request)

    def has_add_permission(self, request, obj=None):
        return is_coordinator(request)

    def has_delete_permission(self, request, obj=None):
        return is_coordinator(request)


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    url.help_text = _("Refused if it resolves to a private or loopback address.")
    events = forms.MultipleChoiceField(
        label=capfirst(Endpoint._meta.get_field("events").verbose_name),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except AddressRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return url


@admin.register(Endpoint)
class EndpointAdmin(CoordinatorsOnly, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "active", "created_at"]
    readonly_fields = ["secret", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(CoordinatorsOnly, admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "response_code", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    actions = ["send_again"]
    readonly_fields = [
        "endpoint",
        "message_id",
        "event",
        "payload",
        "status",
        "attempts",
        "response_code",
        "error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is kept

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request, queryset):
        deliveries = list(queryset)
        for delivery in deliveries:
            domain.send_again(delivery=delivery)
        messages.success(
            request,
            ngettext(
                "%(count)d delivery queued again.",
                "%(count)d deliveries queued again.",
                len(deliveries),
            )
            % {"count": len(deliveries)},
        )
