"""Reviews and their scores in the admin (read only)."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews import queries
from reviews.models import Review, Score

from ..base import AuditedAdmin, ReadOnlyAdminMixin, is_coordinator
from .pipeline import ApplicationColumnsMixin
from .ranking import _format_mean

# Reviews and scores -----------------------------------------------------------------------


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, AuditedAdmin):
    """Reviews are written through the score form; here they are read. A reviewer sees their
    own; the others' appear on the application's page once their own is submitted."""

    application_path = "assignment__application"
    list_display = [
        "reference",
        "government",
        "reviewer",
        "status",
        "recommendation",
        "mean",
        "submitted_at",
    ]
    list_display_links = ["status"]
    search_fields = [
        "assignment__application__reference",
        "assignment__application__lead_government__name",
        "assignment__reviewer__email",
    ]
    fields = [
        "assignment",
        "status",
        "recommendation",
        "summary",
        "score_table",
        "created_at",
        "updated_at",
        "submitted_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = queries.reviews_with_weighted_mean(
            super()
            .get_queryset(request)
            .select_related("assignment__application__lead_government", "assignment__reviewer")
        )
        if is_coordinator(request):
            return queryset
        return queryset.filter(assignment__reviewer=request.user)

    def get_list_filter(self, request):
        if is_coordinator(request):
            return ["status", "recommendation", "assignment__application__call"]
        return ["status"]

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or is_coordinator(request):
            return allowed
        return allowed and obj.assignment.reviewer_id == request.user.pk

    @admin.display(description=_("reviewer"), ordering="assignment__reviewer__email")
    def reviewer(self, review):
        return review.assignment.reviewer

    @admin.display(description=_("weighted mean"), ordering="weighted_mean")
    def mean(self, review):
        return _format_mean(review.weighted_mean)

    @admin.display(description=_("scores"))
    def score_table(self, review):
        rows = [
            (score.criterion.name, score.value if score.value is not None else "–", score.comment)
            for score in review.scores.select_related("criterion")
        ]
        if not rows:
            return gettext("No scores yet.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("Criterion"),
            gettext("Score"),
            gettext("Comment"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, AuditedAdmin):
    """Each score's history: which value and comment a reviewer saved, and when."""

    list_display = ["review", "criterion", "value"]
    list_filter = ["criterion__call"]
    list_select_related = [
        "review__assignment__application",
        "review__assignment__reviewer",
        "criterion",
    ]
    search_fields = ["review__assignment__application__reference", "criterion__name"]
    fields = ["review", "criterion", "value", "comment"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_coordinator(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_coordinator(request):
            return queryset
        return queryset.none()
