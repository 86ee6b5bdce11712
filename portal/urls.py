"""The applicant's and the invitee's pages (the desk has the staff's, publication the public's)."""

from django.urls import path

from .views import applications, letters

urlpatterns = [
    path("applications/", applications.dashboard, name="dashboard"),
    path("calls/<slug:slug>/apply/", applications.application_start, name="application_start"),
    path("calls/<slug:slug>/apply/ask-access/", applications.ask_for_access, name="ask_for_access"),
    path(
        "applications/<reference:reference>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        "applications/<reference:reference>/details/",
        applications.application_details,
        name="application_details",
    ),
    path(
        "applications/<reference:reference>/sections/<int:section_id>/",
        applications.section_edit,
        name="section_edit",
    ),
    path(
        "applications/<reference:reference>/partners/add/",
        applications.partner_add,
        name="partner_add",
    ),
    path(
        "applications/<reference:reference>/partners/<int:partner_id>/",
        applications.partner_edit,
        name="partner_edit",
    ),
    path(
        "applications/<reference:reference>/partners/<int:partner_id>/remove/",
        applications.partner_remove,
        name="partner_remove",
    ),
    path("applications/<reference:reference>/editors/", applications.editors, name="editors"),
    path(
        "applications/<reference:reference>/editors/<int:editor_id>/remove/",
        applications.editor_remove,
        name="editor_remove",
    ),
    path(
        "applications/<reference:reference>/editors/invitations/<int:invitation_id>/withdraw/",
        applications.editor_invitation_withdraw,
        name="editor_invitation_withdraw",
    ),
    path(
        "applications/<reference:reference>/editors/invite/",
        applications.editor_invite,
        name="editor_invite",
    ),
    path(
        "applications/<reference:reference>/submit/",
        applications.application_submit,
        name="application_submit",
    ),
    path(
        "applications/<reference:reference>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "invitations/editor/<str:token>/",
        applications.editor_invitation_accept,
        name="editor_invitation_accept",
    ),
    # The letters of an application, and the invitee's page.
    path(
        "applications/<reference:reference>/letters/", letters.letters_manage, name="letters_manage"
    ),
    path(
        "applications/<reference:reference>/letters/<int:letter_id>/download/",
        letters.letter_download,
        name="letter_download",
    ),
    path(
        "applications/<reference:reference>/letters/<int:letter_id>/withdraw/",
        letters.letter_withdraw,
        name="letter_withdraw",
    ),
    path(
        "applications/<reference:reference>/letter-invitations/<int:invitation_id>/revoke/",
        letters.invitation_revoke,
        name="letter_invitation_revoke",
    ),
    path("letters/invitation/<str:token>/", letters.letter_invitation, name="letter_invitation"),
    path(
        "applications/<reference:reference>/letters/read/", letters.letter_read, name="letter_read"
    ),
    path(
        "letters/invitation/<str:token>/read/",
        letters.invitation_letter_read,
        name="invitation_letter_read",
    ),
]
