"""The desk's pages for the records app: call archives (ask for one, follow it, download it) and
the retention runs (read only). Coordinators only; the desk itself needs the second factor
(accounts.middleware.StaffLoginMiddleware)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from common.private_files import private_file_response
from records import domain
from records.enums import ARCHIVE_IN_PROGRESS, ArchiveStatus
from records.exceptions import RecordsError
from records.models import CallArchive, RetentionRecord

from .base import ReadOnlyAdminMixin, is_coordinator


class CoordinatorsOnly:
    def has_module_permission(self, request):
        return is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request)


class CallSelect(forms.Select):
    """The calls, those in ``unavailable`` shown but disabled."""

    unavailable = frozenset()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if getattr(value, "value", value) in self.unavailable:
            option["attrs"]["disabled"] = True
        return option


class ArchiveRequestForm(forms.ModelForm):
    class Meta:
        model = CallArchive
        fields = ["call"]
        widgets = {"call": CallSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "call" not in self.fields:  # an archive's own page: every field read-only
            return
        closed = Call.objects.filter(closes_at__lte=timezone.now())
        self.fields["call"].queryset = closed.order_by("-closes_at")
        on_its_way = list(
            closed.filter(archives__status__in=ARCHIVE_IN_PROGRESS).distinct().order_by("title")
        )
        select = self.fields["call"].widget
        select = getattr(select, "widget", select)  # the admin wraps it (add/change links)
        select.unavailable = frozenset(call.pk for call in on_its_way)
        help_text = _(
            "Closed calls only. A worker builds the archive; this list shows when it is ready."
        )
        if on_its_way:
            # The admin writes help texts as HTML: the titles are escaped here.
            help_text = format_html(
                "{} <strong>{}</strong> {}",
                help_text,
                _(
                    "An archive of these calls is on its way and cannot be asked for again "
                    "until it is ready or has failed:"
                ),
                ", ".join(str(call) for call in on_its_way),
            )
        self.fields["call"].help_text = help_text

    def clean_call(self):
        call = self.cleaned_data["call"]
        if refusal := domain.archive_refusal(call=call):
            raise forms.ValidationError(refusal)
        return call


@admin.register(CallArchive)
class CallArchiveAdmin(CoordinatorsOnly, admin.ModelAdmin):
    form = ArchiveRequestForm
    list_display = [
        "call",
        "status",
        "requested_by",
        "created_at",
        "finished_at",
        "size",
        "download",
    ]
    list_filter = ["status"]
    list_select_related = ["call", "requested_by"]
    readonly_fields = [
        "call",
        "status",
        "requested_by",
        "created_at",
        "started_at",
        "attempts",
        "finished_at",
        "size",
        "file_count",
        "sha256",
        "error",
        "download",
    ]

    def has_add_permission(self, request):
        return request.user.has_perm("records.request_archive")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ["call"]

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except RecordsError as refusal:
            # Refused under the call's lock after the form's own check passed: another
            # coordinator's request came first. Nothing was saved; back to the form, which now
            # shows that call's archive on its way, with the reason.
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        archive = domain.request_archive(call=form.cleaned_data["call"], by=request.user)
        obj.pk = archive.pk
        obj.created_at = archive.created_at
        obj._state.adding = False
        messages.info(request, _("The archive is being built; this list shows when it is ready."))

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_post_save_add(request, obj)

    @admin.display(description=_("file"))
    def download(self, archive):
        if archive.status != ArchiveStatus.READY:
            return "—"
        url = reverse("admin:records_callarchive_download", args=[archive.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download ZIP"))

    def get_urls(self):
        return [
            path(
                "<int:archive_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="records_callarchive_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, archive_id):
        if not request.user.has_perm("records.download_archive"):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        archive = get_object_or_404(
            CallArchive.objects.select_related("call"), pk=archive_id, status=ArchiveStatus.READY
        )
        if not archive.file:
            raise Http404
        return private_file_response(
            archive.file, filename=archive.download_name, content_type="application/zip"
        )


@admin.register(RetentionRecord)
class RetentionRecordAdmin(CoordinatorsOnly, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "ran_at",
        "letter_files_deleted",
        "packet_files_deleted",
        "drafts_deleted",
        "accounts_deleted",
    ]
    readonly_fields = [
        "ran_at",
        "letter_files_deleted",
        "packet_files_deleted",
        "drafts_deleted",
        "accounts_deleted",
        "rules",
        "details",
    ]
