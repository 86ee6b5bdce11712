"""The coordinators' review of members' plans and reports, in the staff desk.

Self-contained (imports only the members room and the data rooms below it): actions call the
domain functions; statuses are never edited directly. Returning asks for a comment on an
intermediate page, as Django's own delete confirmation does.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import domain
from members.exceptions import MemberError
from members.forms import CommentForm
from members.models import (
    ActionPlan,
    Commitment,
    EndOfCommitmentReport,
    EvidenceLink,
    Member,
    MemberEditor,
    MemberEvent,
    MemberPartner,
)

from . import base
from .base import RulePermissions


class CoordinatorOnly(RulePermissions):
    """Coordinators (and superusers) see these pages (``members.manage_member``); they change
    content through actions, never add or delete here."""

    permission_rules = {
        **dict.fromkeys(["module", "view", "change"], "members.manage_member"),
        "add": False,
        "delete": False,
    }


class ReadOnlyInline(RulePermissions, base.ReadOnlyInline):
    """Shown to whoever sees the page, changed by nobody."""

    permission_rules = dict.fromkeys(["module", "view"], "members.manage_member")


class PartnerInline(ReadOnlyInline):
    model = MemberPartner
    fields = ["name", "role"]
    readonly_fields = fields


class EditorInline(ReadOnlyInline):
    model = MemberEditor
    fields = ["user", "added_at"]
    readonly_fields = fields


@admin.register(Member)
class MemberAdmin(CoordinatorOnly, admin.ModelAdmin):
    list_display = ["name", "country", "government_level", "year_joined"]
    list_filter = ["government_level", "year_joined"]
    search_fields = ["name"]
    fields = ["name", "country", "government_level", "year_joined", "language", "application"]
    readonly_fields = ["application"]
    inlines = [PartnerInline, EditorInline]


class EventInline(ReadOnlyInline):
    model = MemberEvent
    fk_name = "plan"
    fields = ["created_at", "summary", "comment", "actor"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("History")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class CommitmentInline(ReadOnlyInline, admin.StackedInline):
    model = Commitment
    fields = [
        "title",
        "problem",
        "action",
        "contribution",
        "ogp_values_display",
        "lead_agency",
        "other_government_actors",
        "other_non_governmental_actors",
        "milestone_list",
    ]
    readonly_fields = fields
    template = "admin/edit_inline/stacked.html"

    @admin.display(description=gettext_lazy("relevant OGP values"))
    def ogp_values_display(self, obj):
        return ", ".join(str(label) for label in obj.get_ogp_values_display())

    @admin.display(description=gettext_lazy("milestones"))
    def milestone_list(self, obj):
        return "; ".join(
            f"{milestone.title} ({milestone.due_on:%Y-%m-%d})" for milestone in obj.milestones.all()
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("milestones")


def _comment_action(
    request, queryset, *, title, do, success=None, intro="", button="", label="", help_text=""
):
    """Ask for a comment, then call ``do(obj, comment)`` for each selected object. The words
    default to a return to the member; ``label`` and ``help_text`` name the comment box for
    whoever reads it (the Monitoring Body, desk/admin/monitoring.py)."""
    form = CommentForm(request.POST if "apply" in request.POST else None)
    # Named before the form is checked: a refused comment keeps the same words.
    if label:
        form.fields["comment"].label = label
    if help_text:
        form.fields["comment"].help_text = help_text
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        _each(
            request,
            queryset,
            lambda obj: do(obj, comment),
            success or _("Returned to the member: %(count)s."),
        )
        return None
    return TemplateResponse(
        request,
        "admin/members/return_with_comment.html",
        {
            **admin.site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "objects": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": queryset.model._meta,
        },
    )


def _each(request, queryset, do, success):
    done = 0
    for obj in queryset:
        try:
            do(obj)
            done += 1
        except MemberError as error:
            messages.error(request, f"{obj}: {error.message}")
    if done:
        messages.success(request, success % {"count": done})


@admin.register(ActionPlan)
class ActionPlanAdmin(CoordinatorOnly, admin.ModelAdmin):
    list_display = ["title", "member", "status", "starts_on", "ends_on", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["member"]
    search_fields = ["title", "member__name"]
    fields = [
        "member",
        "title",
        "status",
        "starts_on",
        "ends_on",
        "co_creation",
        "civil_society_organisations",
        "max_commitments",
        "submitted_at",
        "published_at",
    ]
    readonly_fields = [name for name in fields if name != "max_commitments"]
    inlines = [CommitmentInline, EventInline]
    actions = ["publish", "return_with_comment", "comment"]

    @admin.action(
        description=gettext_lazy("Comment on the selected action plans (still in review)")
    )
    def comment(self, request, queryset):
        return _comment_action(
            request,
            queryset,
            title=_("Comment on action plans under review"),
            do=lambda plan, comment: domain.comment_on_plan(
                plan=plan, by=request.user, comment=comment
            ),
            success=_("Comment sent: %(count)s."),
            intro=_(
                "The members see your comment in the plan's history; the plans stay in review:"
            ),
            button=_("Send the comment"),
        )

    @admin.action(description=gettext_lazy("Publish the selected action plans"))
    def publish(self, request, queryset):
        _each(
            request,
            queryset,
            lambda plan: domain.publish_plan(plan=plan, by=request.user),
            _("Published: %(count)s."),
        )

    @admin.action(description=gettext_lazy("Return the selected action plans with a comment"))
    def return_with_comment(self, request, queryset):
        return _comment_action(
            request,
            queryset,
            title=_("Return action plans to their members"),
            do=lambda plan, comment: domain.return_plan(
                plan=plan, by=request.user, comment=comment
            ),
        )


class EvidenceInline(ReadOnlyInline):
    model = EvidenceLink
    fields = ["label", "url"]
    readonly_fields = fields


class ReportEventInline(EventInline):
    fk_name = "report"


@admin.register(EndOfCommitmentReport)
class ReportAdmin(CoordinatorOnly, admin.ModelAdmin):
    list_display = ["commitment", "member", "status", "progress", "submitted_at"]
    list_filter = ["status", "progress"]
    list_select_related = ["commitment__plan__member"]
    search_fields = ["commitment__title", "commitment__plan__member__name"]
    exclude = []
    inlines = [EvidenceInline, ReportEventInline]
    actions = ["publish", "return_with_comment"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "id"]

    @admin.display(description=gettext_lazy("member"))
    def member(self, obj):
        return obj.commitment.plan.member

    @admin.action(description=gettext_lazy("Publish the selected reports"))
    def publish(self, request, queryset):
        _each(
            request,
            queryset,
            lambda report: domain.publish_report(report=report, by=request.user),
            _("Published: %(count)s."),
        )

    @admin.action(description=gettext_lazy("Return the selected reports with a comment"))
    def return_with_comment(self, request, queryset):
        return _comment_action(
            request,
            queryset,
            title=_("Return reports to their members"),
            do=lambda report, comment: domain.return_report(
                report=report, by=request.user, comment=comment
            ),
        )
