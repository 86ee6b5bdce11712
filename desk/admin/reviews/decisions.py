"""Decisions and their e-mail templates in the admin."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews import domain
from reviews.mail import render_plain_template
from reviews.models import Decision, DecisionEmailTemplate

from ...forms import DecisionForm
from ..actions import release_selected_decisions
from ..base import AuditedAdmin, CoordinatorActionsMixin
from .pipeline import ApplicationColumnsMixin

# Decisions --------------------------------------------------------------------------------


class ReleasedListFilter(admin.SimpleListFilter):
    title = _("released")
    parameter_name = "released"

    def lookups(self, request, model_admin):
        return [("yes", _("Released")), ("no", _("Not released yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(released_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(released_at__isnull=True)
        return queryset


@admin.register(Decision)
class DecisionAdmin(CoordinatorActionsMixin, ApplicationColumnsMixin, AuditedAdmin):
    form = DecisionForm
    list_display = [
        "reference",
        "government",
        "country",
        "outcome",
        "decided_by",
        "decided_at",
        "released_at",
        "emailed_at",
    ]
    list_display_links = ["outcome"]
    list_filter = ["outcome", ReleasedListFilter, "application__call"]
    list_select_related = ["application__lead_government", "decided_by"]
    search_fields = ["application__reference", "application__lead_government__name"]
    actions = [release_selected_decisions]
    change_form_template = "desk/decision_change_form.html"

    def get_fields(self, request, obj=None):
        fields = ["application", "outcome", "reason"]
        if obj is not None:
            fields += ["decided_by", "decided_at", "released_at", "released_by", "emailed_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.is_released:
            return self.get_fields(request, obj)
        return [
            "application",
            "decided_by",
            "decided_at",
            "released_at",
            "released_by",
            "emailed_at",
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # changed through record_decision until released, never deleted

    def save_model(self, request, obj, form, change):
        decision = domain.record_decision(
            application=obj.application, outcome=obj.outcome, reason=obj.reason, by=request.user
        )
        obj.pk = decision.pk
        obj.refresh_from_db()

    def _release_if_asked(self, request, obj):
        if "_release" not in request.POST:
            return False
        released = domain.release_decisions(decisions=[obj], by=request.user)
        if released:
            self.message_user(
                request,
                gettext("The decision on %(reference)s is released; the e-mail is on its way.")
                % {"reference": obj.application.reference},
                messages.SUCCESS,
            )
        return True

    def response_add(self, request, obj, post_url_continue=None):
        if self._release_if_asked(request, obj):
            return redirect("admin:reviews_decision_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._release_if_asked(request, obj):
            return redirect(request.path)
        return super().response_change(request, obj)


@admin.register(DecisionEmailTemplate)
class DecisionEmailTemplateAdmin(AuditedAdmin):
    list_display = ["__str__", "language", "subject"]
    list_filter = ["language", "call"]
    fields = ["call", "language", "subject", "body", "preview"]
    readonly_fields = ["preview"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
        models.TextField: {
            "widget": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"})
        },
    }

    @admin.display(description=_("preview (with example values)"))
    def preview(self, template):
        if template.pk is None:
            return gettext("Save the template to see a preview.")
        context = {
            "recipient": "Carla Rojas",
            "government": "Municipality of Renca",
            "reference": "OGPL-2026-0042",
            "call": str(template.call or gettext("OGP Local call")),
            "outcome": "admitted",
            "outcome_label": gettext("Admitted"),
            "reason": gettext("The committee valued the strong track record of co-creation."),
            "application_url": "https://example.org/applications/OGPL-2026-0042/",
        }
        try:
            subject = render_plain_template(template.subject, context)
            body = render_plain_template(template.body, context)
        except Exception as error:  # a broken template must not break the page that fixes it
            return gettext("This template cannot be rendered: %(error)s") % {"error": error}
        return format_html(
            '<div class="decision-email-preview"><strong>{}</strong><pre>{}</pre></div>',
            subject,
            body,
        )
