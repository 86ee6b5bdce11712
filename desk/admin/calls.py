from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from calls.domain import add_default_form, publish_results, unpublish_results
from calls.models import Call, Question, Section
from reviews.domain import add_default_criteria


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "description"]
    show_change_link = True


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
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
    search_fields = ["title"]
    inlines = [SectionInline]

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


class QuestionInline(admin.StackedInline):
    """Django's inline refuses to delete a question that has answers (PROTECT); retire it instead."""

    model = Question
    extra = 0
    fields = [
        ("position", "kind", "required", "retired"),
        "text",
        "help_text",
        "choices",
        "max_length",
    ]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "position"]
    list_filter = ["call"]
    list_select_related = ["call"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "section", "kind", "required", "retired"]
    list_filter = ["section__call", "kind", "retired"]
    list_select_related = ["section", "section__call"]
    search_fields = ["text"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)
