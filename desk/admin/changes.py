"""The desk's side of the process's loops: asking applicants for changes at the completeness
check, deciding on requests left past their date, and giving one application a later deadline.

The rules are in ``applications/changes.py``, ``reviews/changes.py`` and
``applications/extensions.py``; these pages only collect a coordinator's input and call them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications import changes, extensions
from applications.enums import ApplicationStatus
from applications.exceptions import ApplicationError
from applications.models import Application, ChangeRequest, Extension
from calls.formatting import with_time_zone
from reviews import changes as review_changes

from ..forms import LabelledSplitDateTime
from .base import CoordinatorActionsMixin


class ChangeRequestForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Items to change"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The checklist items the applicants must change; they see them as links."),
    )
    note = forms.CharField(
        label=_("Note to the applicants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is wrong and what OGP needs; sent by e-mail and shown on every page."),
    )
    answer_by = forms.SplitDateTimeField(
        label=_("Answer by"),
        widget=LabelledSplitDateTime,
        help_text=_("After this date the request is flagged on the desk for your decision."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = changes.item_choices(application)


class ExtensionForm(forms.Form):
    deadline = forms.SplitDateTimeField(label=_("New deadline"), widget=LabelledSplitDateTime)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by OGP staff only; the applicants see the new deadline."),
    )


def _application_from(request, model_admin, *, statuses):
    """The application named by ``?reference=`` (or ``?application=<id>``), if the desk may act
    on it; None to show the chooser."""
    applications = Application.objects.select_related("call", "lead_government").filter(
        status__in=statuses
    )
    reference = request.GET.get("reference", "").strip().upper()
    pk = request.GET.get("application", "")
    if reference:
        return applications.filter(reference=reference).first()
    if pk.isdigit():
        return applications.filter(pk=pk).first()
    return None


class ApplicationLoopMixin:
    """An add page that acts on one application named by its reference (desk/loop_form.html):
    the chooser until an application in ``loop_statuses`` is named, then a form whose valid
    input ``act()`` hands to one domain function. A refusal is shown on the form, nothing typed
    is lost; success returns to the application. The records themselves are never edited."""

    loop_statuses = ()
    loop_template = ""
    loop_title = ""

    def loop_form(self, request, application):
        raise NotImplementedError

    def act(self, request, application, data) -> str:
        """Call the domain with the form's ``data``; return the success message."""
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        application = _application_from(request, self, statuses=self.loop_statuses)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.loop_title,
            "application": application,
            "reference": request.GET.get("reference", ""),
        }
        if application is None:
            return TemplateResponse(request, self.loop_template, context)
        form = self.loop_form(request, application)
        if request.method == "POST" and form.is_valid():
            try:
                message = self.act(request, application, form.cleaned_data)
            except ApplicationError as refusal:
                form.add_error(None, refusal.message)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:applications_application_change", application.pk)
        context["form"] = form
        return TemplateResponse(request, self.loop_template, context)


class WaitingFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Waiting on the applicants")),
            ("overdue", _("Past its date: for your decision")),
            ("no", _("Resolved")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.waiting()
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.action(
    description=_("Close the selected requests (the application is checked as it stands)"),
    permissions=["coordinate"],
)
def close_selected_requests(modeladmin, request, queryset):
    closed = 0
    for change_request in queryset.waiting().select_related("application"):
        try:
            changes.close_change_request(change_request=change_request, by=request.user)
        except ApplicationError as refusal:
            modeladmin.message_user(request, refusal.message, messages.ERROR)
        else:
            closed += 1
    if closed:
        modeladmin.message_user(
            request,
            ngettext("%(count)d request closed.", "%(count)d requests closed.", closed)
            % {"count": closed},
            messages.SUCCESS,
        )


class ApplicationColumns:
    @admin.display(description=_("application"), ordering="application__reference")
    def reference(self, obj):
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:applications_application_change", args=[obj.application_id]),
            obj.application.reference,
            obj.application.lead_government.name,
        )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(
    CoordinatorActionsMixin, ApplicationLoopMixin, ApplicationColumns, admin.ModelAdmin
):
    loop_statuses = [ApplicationStatus.SUBMITTED]
    loop_template = "desk/change_request_form.html"
    loop_title = _("Ask the applicants for changes")
    list_display = ["reference", "requested", "answer_by_shown", "answer"]
    list_filter = [WaitingFilter, "application__call"]
    list_select_related = ["application", "application__lead_government"]
    search_fields = ["application__reference", "application__lead_government__name"]
    actions = [close_selected_requests]
    fields = [
        "application",
        "items",
        "note",
        "answer_by",
        "requested_by",
        "requested_at",
        "resolved_at",
        "resolved_by",
        "outcome",
    ]
    readonly_fields = fields

    @admin.display(description=_("requested"), ordering="requested_at")
    def requested(self, obj):
        return with_time_zone(obj.requested_at)

    @admin.display(description=_("answer by"), ordering="answer_by")
    def answer_by_shown(self, obj):
        return with_time_zone(obj.answer_by)

    @admin.display(description=_("answer"))
    def answer(self, obj):
        if obj.resolved_at is not None:
            return obj.get_outcome_display()
        if obj.is_overdue():
            return format_html(
                '<strong class="flag-overdue">{}</strong>', gettext("Past its date: decide")
            )
        return gettext("Waiting on the applicants")

    def loop_form(self, request, application):
        return ChangeRequestForm(
            request.POST or None,
            application=application,
            initial={"answer_by": timezone.localtime() + timezone.timedelta(days=14)},
        )

    def act(self, request, application, data):
        review_changes.request_changes(
            application=application,
            items=data["items"],
            note=data["note"],
            answer_by=data["answer_by"],
            by=request.user,
        )
        return gettext("Changes asked of %(reference)s; its editors were told by e-mail.") % {
            "reference": application.reference
        }


@admin.register(Extension)
class ExtensionAdmin(ApplicationLoopMixin, ApplicationColumns, admin.ModelAdmin):
    loop_statuses = [ApplicationStatus.DRAFT]
    loop_template = "desk/extension_form.html"
    loop_title = _("Extend one application's deadline")
    list_display = ["reference", "deadline_shown", "granted_by", "granted"]
    list_filter = ["application__call"]
    list_select_related = ["application", "application__lead_government", "granted_by"]
    search_fields = ["application__reference", "application__lead_government__name"]
    fields = ["application", "deadline", "reason", "granted_by", "granted_at"]
    readonly_fields = fields

    @admin.display(description=_("new deadline"), ordering="deadline")
    def deadline_shown(self, obj):
        return with_time_zone(obj.deadline)

    @admin.display(description=_("granted"), ordering="granted_at")
    def granted(self, obj):
        return with_time_zone(obj.granted_at)

    def loop_form(self, request, application):
        return ExtensionForm(request.POST or None)

    def act(self, request, application, data):
        extensions.grant_extension(
            application=application,
            deadline=data["deadline"],
            reason=data["reason"],
            by=request.user,
        )
        return gettext("%(reference)s may now be submitted until %(deadline)s.") % {
            "reference": application.reference,
            "deadline": with_time_zone(data["deadline"]),
        }
