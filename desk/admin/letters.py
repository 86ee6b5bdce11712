"""Letters in the admin, with the checks a reviewer should see (letters.domain.letter_warnings);
an application's page shows its current letters in desk.admin.application_panels.

Coordinators see every letter; a reviewer only the letters of applications they review
(desk.admin.base.ReviewerScopedMixin: assigned, no declared conflict).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from letters.domain import letter_warnings
from letters.models import Letter, LetterInvitation

from .base import ReviewerScopedMixin, is_coordinator
from .filters import AnsweredListFilter


def _warnings_html(warnings):
    if not warnings:
        return gettext("None")
    return format_html_join("\n", "<p class='errornote'>{}</p>", ((w,) for w in warnings))


def _download_link(letter):
    url = reverse(
        "letter_download",
        kwargs={"reference": letter.application.reference, "letter_id": letter.pk},
    )
    return format_html('<a href="{}">{}</a>', url, letter.display_filename)


@admin.register(Letter)
class LetterAdmin(ReviewerScopedMixin, admin.ModelAdmin):
    list_display = [
        "author_organisation",
        "kind",
        "application",
        "signed_on",
        "page_count",
        "signature_status",
        "status",
        "file_link",
    ]
    list_select_related = ["application", "application__lead_government"]
    search_fields = [
        "author_organisation",
        "signatory_name",
        "extracted_text",
        "application__reference",
        "application__lead_government__name",
    ]
    readonly_fields = [
        "application",
        "reviewer_warnings",
        "file_link",
        "original_filename",
        "content_type",
        "size",
        "page_count",
        "sha256",
        "signature_status",
        "signature_signer",
        "signature_time",
        "uploaded_by",
        "invitation",
        "uploaded_at",
        "replaces",
        "extracted_text",
    ]
    exclude = ["file"]

    def get_list_filter(self, request):
        if is_coordinator(request):
            return ["kind", "status", "signature_status", "application__call"]
        return ["kind", "status", "signature_status"]

    @admin.display(description=_("warnings for reviewers"))
    def reviewer_warnings(self, letter):
        return _warnings_html(letter_warnings(letter))

    @admin.display(description=_("file"))
    def file_link(self, letter):
        return _download_link(letter)

    def has_add_permission(self, request):
        return False


@admin.register(LetterInvitation)
class LetterInvitationAdmin(ReviewerScopedMixin, admin.ModelAdmin):
    list_display = ["organisation_name", "email", "kind", "application", "created_at", "revoked_at"]
    list_select_related = ["application", "application__lead_government"]
    readonly_fields = ["application", "invited_by", "created_at", "revoked_by"]
    list_filter = [AnsweredListFilter, "kind", "application__call"]
    exclude = ["nonce"]
