from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Answer,
    Application,
    ApplicationEditor,
    ApplicationEvent,
    EditorInvitation,
    Organisation,
    Partner,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartnerInline(ReadOnlyInline):
    model = Partner
    fields = ["organisation", "role", "contact_name", "contact_email"]
    readonly_fields = fields


class EditorInline(ReadOnlyInline):
    model = ApplicationEditor
    fields = ["user", "role", "added_at"]
    readonly_fields = fields


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "value"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "question__section")


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["created_at", "kind", "from_status", "to_status", "actor", "detail"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "lead_government", "country", "call", "status", "submitted_at"]
    list_filter = ["call", "status", "lead_government__country"]
    list_select_related = ["lead_government", "call"]
    search_fields = ["reference", "lead_government__name", "partners__organisation__name"]
    readonly_fields = [
        "reference",
        "call",
        "lead_government",
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "withdrawn_at",
        "term_warning_acknowledged",
    ]
    fields = readonly_fields + [
        "lead_office",
        "contact_name",
        "contact_position",
        "contact_email",
        "language",
    ]
    inlines = [PartnerInline, EditorInline, AnswerInline, EventInline]
    date_hierarchy = "submitted_at"

    @admin.display(description=_("country"), ordering="lead_government__country")
    def country(self, application):
        return application.lead_government.country.name

    def has_add_permission(self, request):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "government_level"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]


@admin.register(EditorInvitation)
class EditorInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "application", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["application", "application__lead_government"]
    readonly_fields = [
        "application",
        "email",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]
    exclude = ["token_hash"]
