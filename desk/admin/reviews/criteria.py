"""Criteria and reviewers in the admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from reviews import domain
from reviews.models import Criterion, Reviewer

from ...forms import ReviewerForm
from ..base import AuditedAdmin
from ..translations import LanguageLabels, languages_fieldset

# Criteria and reviewers -------------------------------------------------------------------


@admin.register(Criterion)
class CriterionAdmin(LanguageLabels, TranslationAdmin, AuditedAdmin):
    """A criterion's name and guidance in every language side by side; every save goes
    through reviews.domain.save_criterion."""

    list_display = ["name", "call", "weight", "scale", "position"]
    list_filter = ["call"]
    list_select_related = ["call"]
    search_fields = [*get_translation_fields("name"), *get_translation_fields("guidance")]
    ordering = ["call", "position", "id"]
    fieldsets = [
        (None, {"fields": ["call", "position", "weight", ("scale_min", "scale_max")]}),
        languages_fieldset(Criterion, "name"),
        languages_fieldset(Criterion, "guidance"),
    ]

    class Media:
        css = {"all": ["desk/admin.css", "desk/languages.css"]}

    @admin.display(description=_("scale"))
    def scale(self, criterion):
        return f"{criterion.scale_min}–{criterion.scale_max}"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.scale_locked:
            return ["call", "scale_min", "scale_max"]
        return ["call"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.scores.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Through reviews.domain.save_criterion, which checks the rules and names the author."""
        fields = set(form.changed_data) & domain.CRITERION_FIELDS
        changes = {field: form.cleaned_data[field] for field in fields}
        if not change:
            obj.call = form.cleaned_data["call"]
            changes = {
                field: form.cleaned_data[field]
                for field in domain.CRITERION_FIELDS
                if field in form.cleaned_data
            }
        saved = domain.save_criterion(criterion=obj, by=request.user, **changes)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        domain.remove_criterion(criterion=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for criterion in queryset:
            domain.remove_criterion(criterion=criterion, by=request.user)


@admin.register(Reviewer)
class ReviewerAdmin(AuditedAdmin):
    form = ReviewerForm
    list_display = ["user", "country", "available", "assignment_total"]
    list_filter = ["available", "country"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(assignments_total=Count("user__review_assignments"))
        )

    @admin.display(description=_("assignments"), ordering="assignments_total")
    def assignment_total(self, reviewer):
        return reviewer.assignments_total

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        profile = domain.enlist_reviewer(
            user=obj.user, country=obj.country, available=obj.available, by=request.user
        )
        obj.pk = profile.pk
