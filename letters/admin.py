from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .domain import letter_warnings
from .models import Letter, LetterInvitation


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = [
        "author_organisation",
        "kind",
        "application",
        "signed_on",
        "page_count",
        "signature_status",
        "status",
    ]
    list_filter = ["kind", "status", "signature_status", "application__call"]
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

    @admin.display(description=_("warnings for reviewers"))
    def reviewer_warnings(self, letter):
        warnings = letter_warnings(letter)
        if not warnings:
            return _("None")
        return format_html_join("\n", "<p class='errornote'>{}</p>", ((w,) for w in warnings))

    def has_add_permission(self, request):
        return False


@admin.register(LetterInvitation)
class LetterInvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "email", "kind", "application", "created_at", "revoked_at"]
    list_select_related = ["application", "application__lead_government"]
    readonly_fields = ["application", "invited_by", "created_at", "revoked_by"]
    exclude = ["nonce"]
