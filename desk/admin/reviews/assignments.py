"""Assignments and conflicts of interest in the admin."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews import domain
from reviews.conflicts import conflicted
from reviews.models import Assignment, ConflictOfInterest

from ...forms import AssignmentForm, ConflictOfInterestForm
from ..base import AuditedAdmin, is_coordinator
from ..filters import OutstandingListFilter
from .pipeline import ApplicationColumnsMixin

# Assignments and conflicts ----------------------------------------------------------------


class ConflictListFilter(admin.SimpleListFilter):
    title = _("conflict of interest")
    parameter_name = "conflict"

    def lookups(self, request, model_admin):
        return [("yes", _("Declared")), ("no", _("None"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(conflicted=True)
        if self.value() == "no":
            return queryset.filter(conflicted=False)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(ApplicationColumnsMixin, AuditedAdmin):
    form = AssignmentForm
    list_display = [
        "reference",
        "government",
        "country",
        "reviewer",
        "review_status",
        "conflict",
        "assigned_by",
        "assigned_at",
    ]
    list_display_links = ["reviewer"]
    list_filter = ["application__call", OutstandingListFilter, "review__status", ConflictListFilter]
    search_fields = [
        "application__reference",
        "application__lead_government__name",
        "reviewer__email",
        "reviewer__full_name",
    ]
    autocomplete_fields = []

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("application__lead_government", "reviewer", "assigned_by", "review")
            .annotate(conflicted=conflicted())
        )

    @admin.display(description=_("review"))
    def review_status(self, assignment):
        review = getattr(assignment, "review", None)
        return review.get_status_display() if review else gettext("Not started")

    @admin.display(description=_("conflict"), boolean=True)
    def conflict(self, assignment):
        return assignment.conflicted

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["application", "reviewer"]
        return ["application", "reviewer", "assigned_by", "assigned_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        review = getattr(obj, "review", None) if obj is not None else None
        if review is not None and review.is_submitted:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        assignment = domain.assign_reviewer(
            application=obj.application, reviewer=obj.reviewer, assigned_by=request.user
        )
        obj.pk = assignment.pk

    def delete_model(self, request, obj):
        domain.unassign_reviewer(assignment=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            domain.unassign_reviewer(assignment=assignment, by=request.user)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ApplicationColumnsMixin, AuditedAdmin):
    """Coordinators see and record every conflict; a reviewer sees the ones they declared.

    A conflict is never deleted here (no delete permission, no delete action): it is withdrawn
    on its page, with a reason, through reviews.domain.withdraw_conflict.
    """

    form = ConflictOfInterestForm
    list_display = [
        "reference",
        "government",
        "reviewer",
        "declared_by",
        "declared_at",
        "withdrawn_at",
    ]
    list_display_links = ["reviewer"]
    list_select_related = ["application__lead_government", "reviewer", "declared_by"]
    search_fields = ["application__reference", "reviewer__email", "reviewer__full_name"]
    shown_after_declaration = [
        "application",
        "reviewer",
        "reason",
        "declared_by",
        "declared_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    ]

    def get_queryset(self, request):
        queryset = ConflictOfInterest.all_conflicts.select_related(
            "application__lead_government", "reviewer", "declared_by", "withdrawn_by"
        )
        if is_coordinator(request):
            return queryset
        return queryset.filter(reviewer=request.user)

    def get_list_filter(self, request):
        return ["application__call"] if is_coordinator(request) else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["application", "reviewer", "reason"]
        return self.shown_after_declaration

    def _may_withdraw(self, request, obj):
        return obj is not None and request.user.has_perm("reviews.withdraw_conflict", obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if self._may_withdraw(request, obj):
            return [f for f in self.shown_after_declaration if f != "withdrawal_reason"]
        return self.shown_after_declaration

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or is_coordinator(request):
            return allowed
        return allowed and obj.reviewer_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return is_coordinator(request)
        return self._may_withdraw(request, obj)

    def has_add_permission(self, request):
        return is_coordinator(request)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, never deleted

    def save_model(self, request, obj, form, change):
        if change:
            domain.withdraw_conflict(
                conflict=obj, by=request.user, reason=form.cleaned_data["withdrawal_reason"]
            )
            return
        conflict = domain.declare_conflict(
            application=obj.application,
            reviewer=obj.reviewer,
            reason=obj.reason,
            declared_by=request.user,
        )
        obj.pk = conflict.pk
