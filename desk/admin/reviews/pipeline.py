"""The pipeline in the admin: each candidacy, its stages and their history."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.exceptions import ApplicationError
from reviews import domain
from reviews.enums import ALLOWED_STAGE_TRANSITIONS, ReviewStage
from reviews.models import Candidacy, StageChange

from ..actions import move_to_committee_review, move_to_due_diligence
from ..base import AuditedAdmin, BelongsToApplication, CoordinatorActionsMixin, ReadOnlyInline

# The pipeline -----------------------------------------------------------------------------


class StageChangeInline(ReadOnlyInline):
    model = StageChange
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class ApplicationColumnsMixin(BelongsToApplication):
    """Reference, government and country columns for rows that belong to an application."""

    @admin.display(description=_("reference"))
    def reference(self, obj):
        application = self.application_of(obj)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:applications_application_change", args=[application.pk]),
            application.reference,
        )

    @admin.display(description=_("lead government"))
    def government(self, obj):
        return self.application_of(obj).lead_government.name

    @admin.display(description=_("country"))
    def country(self, obj):
        return self.application_of(obj).lead_government.country.name


@admin.register(Candidacy)
class CandidacyAdmin(CoordinatorActionsMixin, ApplicationColumnsMixin, AuditedAdmin):
    """The pipeline of submitted applications: stage by stage, with due diligence."""

    list_display = [
        "reference",
        "government",
        "country",
        "stage",
        "due_diligence_outcome",
        "stage_changed_at",
        "stage_changed_by",
    ]
    list_display_links = ["stage"]
    list_filter = ["stage", "due_diligence_outcome", "application__call"]
    list_select_related = ["application", "application__lead_government", "stage_changed_by"]
    search_fields = ["application__reference", "application__lead_government__name"]
    fields = [
        "application",
        "stage",
        "stage_changed_at",
        "stage_changed_by",
        "due_diligence_outcome",
        "due_diligence_notes",
        "due_diligence_by",
        "due_diligence_at",
    ]
    inlines = [StageChangeInline]
    actions = [move_to_due_diligence, move_to_committee_review]
    change_form_template = "desk/candidacy_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        always = [
            "application",
            "stage",
            "stage_changed_at",
            "stage_changed_by",
            "due_diligence_by",
            "due_diligence_at",
        ]
        if obj is not None and obj.stage == ReviewStage.DUE_DILIGENCE:
            return always
        return always + ["due_diligence_outcome", "due_diligence_notes"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if {"due_diligence_outcome", "due_diligence_notes"} & set(form.changed_data):
            domain.record_due_diligence(
                application=obj.application,
                outcome=obj.due_diligence_outcome,
                notes=obj.due_diligence_notes,
                by=request.user,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidacy = self.get_object(request, object_id)
        next_stages = []
        if candidacy is not None and self.has_change_permission(request, candidacy):
            next_stages = [
                stage
                for stage in ReviewStage
                if stage in ALLOWED_STAGE_TRANSITIONS[ReviewStage(candidacy.stage)]
            ]
        extra_context = (extra_context or {}) | {"next_stages": next_stages}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        to_stage = request.POST.get("_move_to")
        if to_stage in ReviewStage.values:
            try:
                domain.move_stage(
                    application=obj.application,
                    to_stage=to_stage,
                    by=request.user,
                    note=request.POST.get("stage_note", ""),
                )
            except ApplicationError as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(reference)s moved to %(stage)s.")
                    % {
                        "reference": obj.application.reference,
                        "stage": ReviewStage(to_stage).label,
                    },
                    messages.SUCCESS,
                )
            return redirect(request.path)
        return super().response_change(request, obj)
