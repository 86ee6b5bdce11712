"""The Support Unit's side of monitoring, in the staff desk: Monitoring Bodies and their
invitations, the review and publication of assessments, and each member's process status
with the letter on acting contrary to process.

Self-contained (imports the monitoring room and the data rooms below it): actions call the
domain functions; statuses are never edited directly.
"""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring import domain, process, queries
from monitoring.exceptions import MemberError
from monitoring.forms import MonitoringBodyForm
from monitoring.models import (
    AssessmentEvidence,
    ContraryToProcessLetter,
    EndOfCommitmentAssessment,
    InceptionAssessment,
    MemberProcess,
    Monitor,
    MonitoringBody,
    MonitoringEvent,
    MonitorInvitation,
)

from .members import CoordinatorOnly, ReadOnlyInline, _comment_action, _each


class MonitorInline(ReadOnlyInline):
    model = Monitor
    fields = ["user", "added_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class MonitorInvitationInline(ReadOnlyInline):
    model = MonitorInvitation
    fields = ["email", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Invitations")


@admin.register(MonitoringBody)
class MonitoringBodyAdmin(CoordinatorOnly, admin.ModelAdmin):
    form = MonitoringBodyForm
    # A website typed without its scheme is https, as in the form's own field (Django 6's
    # default; the admin builds the model's field first, and Django warns until then).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "member", "monitor_count"]
    list_select_related = ["member"]
    search_fields = ["name", "member__name"]
    fields = ["member", "name", "website", "invite"]
    autocomplete_fields = []
    inlines = [MonitorInline, MonitorInvitationInline]

    def has_add_permission(self, request, obj=None):
        return super().has_module_permission(request)

    def get_readonly_fields(self, request, obj=None):
        return ["member"] if obj is not None else []

    def get_queryset(self, request):
        from django.db.models import Count  # noqa: PLC0415

        return super().get_queryset(request).annotate(people=Count("monitors"))

    @admin.display(description=gettext_lazy("monitors"), ordering="people")
    def monitor_count(self, obj):
        return obj.people

    def save_model(self, request, obj, form, change):
        body = domain.name_monitoring_body(
            member=obj.member, name=obj.name, website=obj.website, by=request.user
        )
        obj.pk = body.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # read-only inlines: no change
        email = form.cleaned_data.get("invite")
        if not email:
            return
        try:
            domain.invite_monitor(
                body=form.instance,
                email=email,
                by=request.user,
                accept_url_for=lambda token: request.build_absolute_uri(
                    reverse("monitoring:invitation_accept", kwargs={"token": token})
                ),
            )
        except MemberError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("An invitation to join was sent to %(email)s.") % {"email": email}
            )


class AssessmentEventInline(ReadOnlyInline):
    model = MonitoringEvent
    fields = ["created_at", "summary", "comment", "actor"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("History and comments")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class InceptionEventInline(AssessmentEventInline):
    fk_name = "inception"


class EndOfCommitmentEventInline(AssessmentEventInline):
    fk_name = "end_of_commitment"


class EvidenceInline(ReadOnlyInline):
    model = AssessmentEvidence
    fields = ["label", "url"]
    readonly_fields = fields


class AssessmentAdmin(CoordinatorOnly, admin.ModelAdmin):
    list_filter = ["status"]
    actions = ["publish", "return_with_comment"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "id"]

    @admin.action(description=gettext_lazy("Publish the selected assessments"))
    def publish(self, request, queryset):
        _each(
            request,
            queryset,
            lambda assessment: domain.publish_assessment(assessment=assessment, by=request.user),
            _("Published: %(count)s."),
        )

    @admin.action(description=gettext_lazy("Return the selected assessments with a comment"))
    def return_with_comment(self, request, queryset):
        return _comment_action(
            request,
            queryset,
            title=_("Return assessments to their Monitoring Bodies"),
            do=lambda assessment, comment: domain.return_assessment(
                assessment=assessment, by=request.user, comment=comment
            ),
            success=_("Returned to the Monitoring Body: %(count)s."),
            intro=_("These go back to the Monitoring Body, which sees your comment:"),
            button=_("Return to the Monitoring Body"),
            label=_("Comment to the Monitoring Body"),
            help_text=_("Say what should change; the Monitoring Body sees it."),
        )


@admin.register(InceptionAssessment)
class InceptionAssessmentAdmin(AssessmentAdmin):
    list_display = ["plan", "member", "evaluator_name", "status", "filed_at"]
    list_select_related = ["plan__member"]
    search_fields = ["plan__title", "plan__member__name"]
    inlines = [InceptionEventInline]

    @admin.display(description=gettext_lazy("member"))
    def member(self, obj):
        return obj.plan.member


@admin.register(EndOfCommitmentAssessment)
class EndOfCommitmentAssessmentAdmin(AssessmentAdmin):
    list_display = ["commitment", "member", "evaluator_name", "status", "progress", "filed_at"]
    list_select_related = ["commitment__plan__member"]
    search_fields = ["commitment__title", "commitment__plan__member__name"]
    inlines = [EvidenceInline, EndOfCommitmentEventInline]

    @admin.display(description=gettext_lazy("member"))
    def member(self, obj):
        return obj.commitment.plan.member


class LetterInline(ReadOnlyInline):
    model = ContraryToProcessLetter
    fk_name = "member"
    fields = ["sent_at", "sent_by", "language", "plan_due_on", "months_late", "recipients"]
    readonly_fields = fields


@admin.register(MemberProcess)
class MemberProcessAdmin(CoordinatorOnly, admin.ModelAdmin):
    """Every member's due dates; late items flagged, and those acting contrary to process
    marked for the Support Unit's letter."""

    list_display = ["name", "plan_due", "late", "contrary_to_process", "letters_sent"]
    search_fields = ["name"]
    fields = ["name", "country", "language", "status_table"]
    readonly_fields = fields
    inlines = [LetterInline]
    actions = ["send_contrary_to_process_letter"]

    def get_queryset(self, request):
        from django.db.models import Count  # noqa: PLC0415

        return queries.members_with_process(
            super()
            .get_queryset(request)
            .annotate(letter_count=Count("contrary_to_process_letters"))
        )

    def _status(self, obj):
        if not hasattr(obj, "_process_status"):
            obj._process_status = process.process_status(obj)
        return obj._process_status

    @admin.display(description=gettext_lazy("action plan due"))
    def plan_due(self, obj):
        return process.plan_due_on(obj)

    @admin.display(description=gettext_lazy("late"))
    def late(self, obj):
        items = self._status(obj).late_items
        if not items:
            return "—"
        return format_html_join(
            ", ",
            "<strong>{}</strong> ({})",
            ((item.label, _("%(days)s days late") % {"days": item.days_late}) for item in items),
        )

    @admin.display(description=gettext_lazy("contrary to process"), boolean=True)
    def contrary_to_process(self, obj):
        return self._status(obj).contrary_to_process

    @admin.display(description=gettext_lazy("letters sent"))
    def letters_sent(self, obj):
        return obj.letter_count

    @admin.display(description=gettext_lazy("process status"))
    def status_table(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    item.label,
                    item.due_on,
                    item.done_on or "—",
                    _("late") if item.late else _("on time"),
                )
                for item in self._status(obj).items
            ),
        )
        return format_html("<table>{}</table>", rows)

    @admin.action(
        description=gettext_lazy("Send the letter on acting contrary to process to the selected")
    )
    def send_contrary_to_process_letter(self, request, queryset):
        _each(
            request,
            queryset,
            lambda member: domain.send_contrary_to_process_letter(member=member, by=request.user),
            _("Letters sent: %(count)s."),
        )
