"""Webhook endpoints and their delivery log, for coordinators."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

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
    readonly_fields = ["signing_secret", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # The signing secret: shown once, when made or rotated; masked everywhere else -----------

    @admin.display(description=_("signing secret"))
    def signing_secret(self, obj):
        if obj.pk is None:
            return gettext("Made when you save, and shown to you once.")
        return format_html(
            '<code>{}</code> <a class="button" href="{}">{}</a>',
            domain.masked_secret(obj.secret),
            reverse("admin:webhooks_endpoint_rotate_secret", args=[obj.pk]),
            gettext("Rotate"),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/rotate-secret/",
                self.admin_site.admin_view(self.rotate_secret_view),
                name="webhooks_endpoint_rotate_secret",
            ),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        if admin.options.IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._secret_page(request, obj, secret=obj.secret, created=True)

    def rotate_secret_view(self, request, object_id):
        """GET asks to confirm; POST makes a new secret and shows it, once."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        endpoint = self.get_object(request, unquote(object_id))
        if endpoint is None:
            raise Http404
        if request.method != "POST":
            return self._secret_page(request, endpoint)
        at_once = request.POST.get("at_once") == "yes"  # the old secret may have leaked
        secret = domain.rotate_secret(endpoint=endpoint, overlap=not at_once)
        self.log_change(request, endpoint, gettext("Rotated the signing secret."))
        return self._secret_page(request, endpoint, secret=secret)

    def _secret_page(self, request, endpoint, *, secret=None, created=False):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": endpoint,
            "title": gettext("Signing secret of %(endpoint)s") % {"endpoint": endpoint},
            "secret": secret,
            "created": created,
            "overlap_hours": domain.secret_overlap_hours(),
        }
        response = TemplateResponse(request, "desk/webhook_secret.html", context)
        if secret:
            response["Cache-Control"] = "no-store"  # shown in this answer only
        return response


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
