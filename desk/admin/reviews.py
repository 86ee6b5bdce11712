"""The review in the Django admin: criteria, reviewers, the pipeline, assignments, conflicts,
reviews, decisions, their e-mail templates, and the ranking.

Coordinators see everything; a reviewer sees only their own reviews and conflicts (the
application pages are in desk/admin/applications.py). Every write goes through reviews.domain,
and every model keeps its history, which the admin shows but never reverts.
"""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, F
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from applications.enums import ApplicationStatus
from applications.exceptions import ApplicationError
from applications.models import Application, Organisation
from calls.models import Call
from publication.spreadsheets import streaming_csv_response
from reviews import domain, queries
from reviews.conflicts import conflicted
from reviews.enums import ALLOWED_STAGE_TRANSITIONS, Region, ReviewStage
from reviews.mail import render_plain_template
from reviews.models import (
    Assignment,
    Candidacy,
    ConflictOfInterest,
    Criterion,
    Decision,
    DecisionEmailTemplate,
    RankedApplication,
    Review,
    Reviewer,
    Score,
    StageChange,
)
from reviews.regions import region_of

from ..forms import (
    AssignmentForm,
    ConflictOfInterestForm,
    DecisionForm,
    ReviewerForm,
)
from .actions import (
    assign_reviewers_evenly,
    move_to_committee_review,
    move_to_due_diligence,
    release_selected_decisions,
)
from .base import (
    AuditedAdmin,
    CoordinatorActionsMixin,
    PlainActionCheckbox,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    is_coordinator,
)
from .filters import OutstandingListFilter
from .translations import LanguageLabels, languages_fieldset

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


# The pipeline -----------------------------------------------------------------------------


class StageChangeInline(ReadOnlyInline):
    model = StageChange
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class ApplicationColumnsMixin:
    """Reference, government and country columns for rows that belong to an application."""

    application_path = "application"

    def _application(self, obj):
        for part in self.application_path.split("__"):
            obj = getattr(obj, part)
        return obj

    @admin.display(description=_("reference"))
    def reference(self, obj):
        application = self._application(obj)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:applications_application_change", args=[application.pk]),
            application.reference,
        )

    @admin.display(description=_("lead government"))
    def government(self, obj):
        return self._application(obj).lead_government.name

    @admin.display(description=_("country"))
    def country(self, obj):
        return self._application(obj).lead_government.country.name


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


# The ranking ------------------------------------------------------------------------------


def _format_mean(value):
    return "–" if value is None else number_format(value, 2)


class RegionListFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.alias(region=queries.lead_region()).filter(region=self.value())
        return queryset


class CountryListFilter(admin.SimpleListFilter):
    """Only the countries that have applications in review, not the whole world."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        from django_countries import countries

        codes = (
            Application.objects.filter(candidacy__isnull=False)
            .order_by()
            .values_list("lead_government__country", flat=True)
            .distinct()
        )
        return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(lead_government__country=self.value())
        return queryset


class SpreadListFilter(admin.SimpleListFilter):
    title = _("reviewers disagree")
    parameter_name = "spread"

    def lookups(self, request, model_admin):
        return [("large", _("Large spread only"))]

    def queryset(self, request, queryset):
        if self.value() == "large":
            return queryset.filter(large_spread=True)
        return queryset


class ProgressListFilter(admin.SimpleListFilter):
    title = _("reviews")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [
            ("complete", _("All reviews in")),
            ("waiting", _("Waiting for reviews")),
            ("unassigned", _("No reviewers yet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "complete":
            return queryset.filter(
                reviews_assigned__gt=0, reviews_submitted__gte=F("reviews_assigned")
            )
        if self.value() == "waiting":
            return queryset.filter(
                reviews_assigned__gt=0, reviews_submitted__lt=F("reviews_assigned")
            )
        if self.value() == "unassigned":
            return queryset.filter(reviews_assigned=0)
        return queryset


class _ExportLabels:
    """The labels the ranking export writes, translated once per export (not once per row):
    the export reads plain values, not model instances, so that 10,000 rows stream in well
    under a second."""

    def __init__(self):
        self.countries = {code: str(name) for code, name in countries}
        self.regions = {value: str(label) for value, label in Region.choices}
        self.levels = _choice_labels(Organisation, "government_level")
        self.stages = _choice_labels(Candidacy, "stage")
        self.outcomes = _choice_labels(Decision, "outcome")
        self.yes = gettext("yes")


def _choice_labels(model, field_name):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def _rounded(value):
    return round(value, 2) if value is not None else ""


def _released(row, labels):
    released_at = row["decision__released_at"]
    if released_at is None:
        return ""
    return timezone.localtime(released_at).strftime("%Y-%m-%d %H:%M")


# (column title, the value of a row of RANKING_EXPORT_FIELDS given the _ExportLabels)
RANKING_CSV_COLUMNS = [
    (_("Rank"), lambda r, labels: r["rank"] if r["weighted_mean"] is not None else ""),
    (_("Reference"), lambda r, labels: r["reference"]),
    (_("Lead government"), lambda r, labels: r["lead_government__name"]),
    (_("Country"), lambda r, labels: labels.countries.get(r["lead_government__country"], "")),
    (_("Region"), lambda r, labels: labels.regions.get(r["region"], "")),
    (
        _("Level of government"),
        lambda r, labels: labels.levels.get(r["lead_government__government_level"], ""),
    ),
    (_("Population"), lambda r, labels: r["lead_government__population"]),
    (_("Stage"), lambda r, labels: labels.stages.get(r["candidacy__stage"], "")),
    (_("Weighted mean"), lambda r, labels: _rounded(r["weighted_mean"])),
    (_("Reviews submitted"), lambda r, labels: r["reviews_submitted"]),
    (_("Reviewers assigned"), lambda r, labels: r["reviews_assigned"]),
    (_("Spread"), lambda r, labels: _rounded(r["spread"])),
    (_("Large spread"), lambda r, labels: labels.yes if r["large_spread"] else ""),
    (_("Admit"), lambda r, labels: r["admit_count"]),
    (_("Admit with conditions"), lambda r, labels: r["conditions_count"]),
    (_("Do not admit"), lambda r, labels: r["reject_count"]),
    (_("Decision"), lambda r, labels: labels.outcomes.get(r["decision__outcome"], "")),
    (_("Released"), _released),
]
RANKING_EXPORT_FIELDS = [
    "rank",
    "reference",
    "lead_government__name",
    "lead_government__country",
    "region",
    "lead_government__government_level",
    "lead_government__population",
    "candidacy__stage",
    "weighted_mean",
    "reviews_submitted",
    "reviews_assigned",
    "spread",
    "large_spread",
    "admit_count",
    "conditions_count",
    "reject_count",
    "decision__outcome",
    "decision__released_at",
]


# A stand-in for the row's id in a reversed URL (admin URLs take any text as the id).
_ROW_ID = "__row_id__"


@functools.lru_cache(maxsize=64)
def _row_url_pattern(viewname, script_prefix, urlconf, language):
    # The prefix, URLconf and language are in the key: all three can change what reverse() says.
    return reverse(viewname, args=[_ROW_ID], urlconf=urlconf)


def _row_url(viewname, pk):
    """reverse(viewname, args=[pk]), but reversed once rather than once per row: on a 100-row
    ranking page, reverse() cost as much as the rest of a row."""
    pattern = _row_url_pattern(viewname, get_script_prefix(), get_urlconf(), get_language())
    return pattern.replace(_ROW_ID, str(pk))


def _decision_of(application):
    return getattr(application, "decision", None)


class RankingChangeList(ChangeList):
    """The ranking's page of rows prefetches what they show (reviews.queries.ranking_page):
    only the counting and ranking query covers the whole call."""

    def get_results(self, request):
        self.queryset = queries.ranking_page(self.queryset)
        super().get_results(request)


@admin.register(RankedApplication)
class RankingAdmin(PlainActionCheckbox, CoordinatorActionsMixin, admin.ModelAdmin):
    """The ranking of a call's applications by weighted mean score, for coordinators.

    One SQL query ranks the call's rows whatever their number (reviews.queries.ranking, over
    the stored figures) and three more fetch what the page's rows show; sorting and filters
    are the admin's own, and the CSV export takes the same filters and order.
    """

    change_list_template = "desk/ranking.html"
    list_display = [
        "position",
        "reference_link",
        "government",
        "country_and_region",
        "mean",
        "review_progress",
        "spread_display",
        "recommendations",
        "decision_link",
    ]
    list_display_links = None
    list_filter = [
        "call",
        "candidacy__stage",
        ProgressListFilter,
        SpreadListFilter,
        RegionListFilter,
        CountryListFilter,
        "lead_government__government_level",
        "decision__outcome",
    ]
    search_fields = ["reference", "lead_government__name"]
    # A page of 100: the rank is a window over the whole filtered call, so it stays right
    # from page to page; the export has every row.
    list_per_page = 100
    show_full_result_count = False
    actions = [
        move_to_committee_review,
        assign_reviewers_evenly,
        release_selected_decisions,
    ]

    def get_queryset(self, request):
        return queries.ranking()

    def get_changelist(self, request, **kwargs):
        return RankingChangeList

    def get_ordering(self, request):
        return ["rank", "reference"]  # annotations, which the ``ordering`` attribute refuses

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv),
                name="reviews_rankedapplication_export",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _bad_call_filter(request) -> bool:
        """A call filter that names no call ("abc", "-1", a number too large): refused in words
        rather than left to the database."""
        value = request.GET.get("call__id__exact")
        return value is not None and not (
            value.isascii() and value.isdigit() and Call.objects.filter(pk=int(value)).exists()
        )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if self._bad_call_filter(request):
            self.message_user(
                request,
                gettext("That call does not exist: showing the latest call."),
                messages.WARNING,
            )
            query = request.GET.copy()
            del query["call__id__exact"]
            return redirect(f"{request.path}?{query.urlencode()}")
        # A ranking compares applications of one call: open the latest call unless one is chosen.
        if "call__id__exact" not in request.GET and request.method == "GET":
            latest = Call.objects.filter(applications__candidacy__isnull=False).order_by(
                "-closes_at"
            )
            call_id = latest.values_list("pk", flat=True).first()
            if call_id is not None:
                query = request.GET.copy()
                query["call__id__exact"] = call_id
                return redirect(f"{request.path}?{query.urlencode()}")
        call_id = request.GET.get("call__id__exact", "")
        call = Call.objects.filter(pk=call_id).first() if call_id.isdigit() else None
        extra_context = (extra_context or {}) | {
            "title": gettext("Ranking: %(call)s") % {"call": call} if call else gettext("Ranking"),
            "export_url": reverse("admin:reviews_rankedapplication_export")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "large_spread_share": int(queries.LARGE_SPREAD_SHARE * 100),
        }
        return super().changelist_view(request, extra_context)

    def export_csv(self, request):
        """The ranking as on screen (same filters, same order), every page, as CSV: one query
        read through a server-side cursor while the response streams."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if self._bad_call_filter(request):
            return HttpResponseBadRequest(
                gettext("The call filter names no call: choose a call on the ranking page."),
                content_type="text/plain; charset=utf-8",
            )
        changelist = self.get_changelist_instance(request)
        rows = queries.iterate_ranking(
            changelist.get_queryset(request)
            .annotate(region=queries.lead_region())
            .values(*RANKING_EXPORT_FIELDS)
        )
        labels = _ExportLabels()
        return streaming_csv_response(
            f"ranking-{timezone.localdate():%Y-%m-%d}.csv",
            [str(label) for label, _value in RANKING_CSV_COLUMNS],
            ([value(row, labels) for _label, value in RANKING_CSV_COLUMNS] for row in rows),
        )

    @admin.display(description="#", ordering="rank")
    def position(self, application):
        return application.rank if application.weighted_mean is not None else "–"

    @admin.display(description=_("reference"), ordering="reference")
    def reference_link(self, application):
        return format_html(
            '<a href="{}">{}</a>',
            _row_url("admin:applications_application_change", application.pk),
            application.reference,
        )

    @admin.display(description=_("lead government"), ordering="lead_government__name")
    def government(self, application):
        return application.lead_government.name

    @admin.display(description=_("country"), ordering="lead_government__country")
    def country_and_region(self, application):
        region = region_of(application.lead_government.country)
        return format_html(
            '{}<div class="region">{}</div>',
            application.lead_government.country.name,
            region.label if region else "",
        )

    @admin.display(
        description=_("weighted mean"),
        ordering=F("weighted_mean").asc(nulls_first=True),
    )
    def mean(self, application):
        return format_html(
            '<span class="ranking-mean">{}</span>', _format_mean(application.weighted_mean)
        )

    @admin.display(description=_("reviews"), ordering="reviews_submitted")
    def review_progress(self, application):
        complete = (
            application.reviews_assigned > 0
            and application.reviews_submitted >= application.reviews_assigned
        )
        return format_html(
            '<span class="{}">{}</span>',
            "review-progress complete" if complete else "review-progress",
            gettext("%(submitted)d of %(assigned)d")
            % {
                "submitted": application.reviews_submitted,
                "assigned": application.reviews_assigned,
            },
        )

    @admin.display(
        description=_("spread"),
        ordering=F("spread").asc(nulls_first=True),
    )
    def spread_display(self, application):
        if application.spread is None:
            return "–"
        if application.large_spread:
            return format_html(
                '<span class="large-spread" title="{}">⚠ {}</span>',
                gettext("Reviewers disagree: look at their reviews before deciding."),
                _format_mean(application.spread),
            )
        return _format_mean(application.spread)

    @admin.display(description=_("recommended"))
    def recommendations(self, application):
        return format_html(
            '<span title="{}">{} / {} / {}</span>',
            gettext("admit / admit with conditions / do not admit"),
            application.admit_count,
            application.conditions_count,
            application.reject_count,
        )

    @admin.display(description=_("stage or decision"), ordering="candidacy__stage")
    def decision_link(self, application):
        """The decision once recorded; before that the stage, and a link to decide."""
        decision = _decision_of(application)
        if decision is not None:
            label = decision.get_outcome_display()
            if decision.is_released:
                label = gettext("%(outcome)s (released)") % {"outcome": label}
            return format_html(
                '<a class="decision-outcome" href="{}">{}</a>',
                _row_url("admin:reviews_decision_change", decision.pk),
                label,
            )
        stage = application.candidacy.get_stage_display()
        if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
            return stage
        return format_html(
            '{}<br><a href="{}?application={}">{}</a>',
            stage,
            reverse("admin:reviews_decision_add"),
            application.pk,
            gettext("Record a decision"),
        )
