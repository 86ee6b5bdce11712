"""Calls in the desk: their content in every language side by side, opening a call (which names
the translations still missing), eligible countries, and the applications a coordinator should
look at (country no longer eligible, probably the same government twice).

Calls, sections and questions are the coordinators' (and superusers') to edit; reviewers do not
see them here.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.utils import get_translation_fields

from applications.queries import applications_outside_eligibility, near_duplicate_applications
from calls.domain import (
    add_default_form,
    enabled_languages,
    missing_translations,
    open_call,
    publish_results,
    unpublish_results,
)
from calls.enums import CallPhase
from calls.exceptions import CallNotReady
from calls.models import Call, Question, Section
from reviews.domain import add_default_criteria

from ..forms import LabelledSplitDateTime
from .base import RulePermissions, is_coordinator
from .reminders import CallReminderSettingsInline
from .translations import LanguageLabels, language_name, languages_fieldset

# How many missing texts the refusal names in its message; the panel lists them all.
NAMED_IN_REFUSAL = 10


class CoordinatorsEdit(RulePermissions):
    """Coordinators (and superusers) keep a call's content (``calls.edit_call``); nobody else
    sees it here. Deleting a call or a section from its own page stays Django's (superusers)."""

    permission_rules = dict.fromkeys(["module", "view", "add", "change"], "calls.edit_call")


# A section or question may also be deleted by whoever edits the call.
EDIT_AND_DELETE = dict.fromkeys(["module", "view", "add", "change", "delete"], "calls.edit_call")


class SectionInline(CoordinatorsEdit, LanguageLabels, TranslationStackedInline):
    model = Section
    extra = 0
    fieldsets = [
        (None, {"fields": ["position"]}),
        languages_fieldset(Section, "title"),
        languages_fieldset(Section, "description"),
    ]
    show_change_link = True
    permission_rules = EDIT_AND_DELETE


@admin.register(Call)
class CallAdmin(CoordinatorsEdit, LanguageLabels, TranslationAdmin):
    change_form_template = "desk/call_change_form.html"
    list_display = [
        "title",
        "opens_at",
        "closes_at",
        "phase_label",
        "application_count",
        "results_published_at",
    ]
    actions = ["publish", "unpublish"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = get_translation_fields("title")
    inlines = [SectionInline, CallReminderSettingsInline]
    fieldsets = [
        languages_fieldset(Call, "title"),
        languages_fieldset(Call, "description"),
        (
            _("Dates"),
            {
                "fields": [
                    "slug",
                    "opens_at",
                    "closes_at",
                    "review_deadline",
                    "results_published_at",
                ]
            },
        ),
        (_("Eligibility"), {"fields": ["eligible_countries"]}),
        (_("Two-stage call"), {"fields": ["expression_of_interest"]}),
    ]

    class Media:
        css = {"all": ["desk/admin.css", "desk/languages.css"]}
        # Names the chooser's filter boxes for screen readers, once SelectFilter2 built them.
        js = ["desk/selectfilter-labels.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "eligible_countries":
            # Django's own two-box chooser, with its search box: a static script, no inline code.
            kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        elif db_field.name in ("opens_at", "closes_at", "review_deadline", "results_published_at"):
            # The admin's date and time boxes, each with its own label, saying their time zone.
            kwargs["widget"] = LabelledSplitDateTime
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            zone = gettext("Times are in %(zone)s.") % {"zone": settings.TIME_ZONE}
            field.help_text = f"{field.help_text} {zone}".strip()
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_total=Count("applications"))

    @admin.display(description=_("phase"))
    def phase_label(self, call):
        return call.phase().label

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, call):
        return call.application_total

    @admin.action(description=_("Publish the results (public record and open data)"))
    def publish(self, request, queryset):
        for call in queryset:
            publish_results(call=call)
        self.message_user(request, _("Results published."))

    @admin.action(description=_("Withdraw the published results"))
    def unpublish(self, request, queryset):
        for call in queryset:
            unpublish_results(call=call)
        self.message_user(request, _("Publication withdrawn."))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new call starts from OGP Local's default form, which coordinators then edit.
            add_default_form(call=form.instance)
            add_default_criteria(call=form.instance)

    # Opening, translations and flags ------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/open/",
                self.admin_site.admin_view(self.open_view),
                name="calls_call_open",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        call = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if call is not None and is_coordinator(request):
            extra_context |= self.panels(call)
        return super().change_view(request, object_id, form_url, extra_context)

    def panels(self, call):
        """What the call's page shows above its form: readiness to open, and the applications
        a coordinator should look at."""
        missing = missing_translations(call)
        by_language = defaultdict(list)
        for item in missing:
            by_language[item.language].append({"text": str(item), "url": _change_url(item.obj)})
        return {
            "call_phase": call.phase(),
            "upcoming": call.phase() == CallPhase.UPCOMING,
            "missing_count": len(missing),
            "missing_by_language": [
                {"name": language_name(code), "code": code, "texts": by_language[code]}
                for code in enabled_languages()
                if code in by_language
            ],
            "outside_eligibility": applications_outside_eligibility(call),
            "near_duplicates": near_duplicate_applications(call),
            "criteria_url": reverse("admin:reviews_criterion_changelist")
            + f"?call__id__exact={call.pk}",
            "criteria_count": call.criteria.count(),
        }

    def open_view(self, request, object_id):
        """Open the call now, through ``calls.domain.open_call``: refused while a translation
        is missing, unless the coordinator ticked "open anyway"."""
        if request.method != "POST":
            raise PermissionDenied
        if not is_coordinator(request):
            raise PermissionDenied
        call = self.get_object(request, object_id)
        if call is None:
            raise Http404
        anyway = request.POST.get("open_anyway") == "yes"
        change_url = reverse("admin:calls_call_change", args=[call.pk])
        try:
            call = open_call(call=call, allow_missing_translations=anyway)
        except CallNotReady as refused:
            named = refused.missing[:NAMED_IN_REFUSAL]
            more = len(refused.missing) - len(named)
            parts = [refused.message, *named]
            if more:
                parts.append(
                    ngettext("and %(count)d more text.", "and %(count)d more texts.", more)
                    % {"count": more}
                )
            if refused.missing:
                parts.append(
                    gettext(
                        "Add the translations, or tick “Open anyway” to let applicants read "
                        "the text in another language where one is missing."
                    )
                )
            messages.error(request, " · ".join(parts))
            return redirect(change_url)
        self.log_change(request, call, gettext("Opened the call."))
        messages.success(request, gettext("The call is open for applications."))
        return redirect(change_url)


def _change_url(obj):
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


class QuestionInline(CoordinatorsEdit, LanguageLabels, TranslationStackedInline):
    """Django's inline refuses to delete a question that has answers (PROTECT); retire it instead."""

    model = Question
    extra = 0
    fieldsets = [
        (None, {"fields": [("position", "kind", "required", "retired"), "max_length"]}),
        languages_fieldset(Question, "text"),
        languages_fieldset(Question, "help_text"),
        languages_fieldset(Question, "choices"),
        (None, {"fields": ["carried_from"]}),
    ]
    raw_id_fields = ["carried_from"]
    permission_rules = EDIT_AND_DELETE


@admin.register(Section)
class SectionAdmin(CoordinatorsEdit, LanguageLabels, TranslationAdmin):
    list_display = ["title", "call", "position"]
    list_filter = ["call"]
    list_select_related = ["call"]
    fieldsets = [
        (None, {"fields": ["call", "position"]}),
        languages_fieldset(Section, "title"),
        languages_fieldset(Section, "description"),
    ]
    inlines = [QuestionInline]

    class Media:
        css = {"all": ["desk/admin.css", "desk/languages.css"]}


@admin.register(Question)
class QuestionAdmin(CoordinatorsEdit, LanguageLabels, TranslationAdmin):
    list_display = ["text", "section", "kind", "required", "retired"]
    list_filter = ["section__call", "kind", "retired"]
    list_select_related = ["section", "section__call"]
    search_fields = get_translation_fields("text")
    fieldsets = [
        (None, {"fields": ["section", ("position", "kind", "required", "retired"), "max_length"]}),
        languages_fieldset(Question, "text"),
        languages_fieldset(Question, "help_text"),
        languages_fieldset(Question, "choices"),
        (None, {"fields": ["carried_from"]}),
    ]
    raw_id_fields = ["carried_from"]

    class Media:
        css = {"all": ["desk/admin.css", "desk/languages.css"]}

    permission_rules = EDIT_AND_DELETE

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)
