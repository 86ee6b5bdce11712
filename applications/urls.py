from django.urls import path

from . import views

urlpatterns = [
    path("applications/", views.dashboard, name="dashboard"),
    path("calls/<slug:slug>/apply/", views.application_start, name="application_start"),
    path("calls/<slug:slug>/apply/ask-access/", views.ask_for_access, name="ask_for_access"),
    path(
        "applications/<reference:reference>/", views.application_detail, name="application_detail"
    ),
    path(
        "applications/<reference:reference>/details/",
        views.application_details,
        name="application_details",
    ),
    path(
        "applications/<reference:reference>/sections/<int:section_id>/",
        views.section_edit,
        name="section_edit",
    ),
    path("applications/<reference:reference>/partners/add/", views.partner_add, name="partner_add"),
    path(
        "applications/<reference:reference>/partners/<int:partner_id>/",
        views.partner_edit,
        name="partner_edit",
    ),
    path(
        "applications/<reference:reference>/partners/<int:partner_id>/remove/",
        views.partner_remove,
        name="partner_remove",
    ),
    path("applications/<reference:reference>/editors/", views.editors, name="editors"),
    path(
        "applications/<reference:reference>/editors/<int:editor_id>/remove/",
        views.editor_remove,
        name="editor_remove",
    ),
    path(
        "applications/<reference:reference>/editors/invitations/<int:invitation_id>/withdraw/",
        views.editor_invitation_withdraw,
        name="editor_invitation_withdraw",
    ),
    path(
        "applications/<reference:reference>/editors/invite/",
        views.editor_invite,
        name="editor_invite",
    ),
    path(
        "applications/<reference:reference>/submit/",
        views.application_submit,
        name="application_submit",
    ),
    path(
        "applications/<reference:reference>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "invitations/editor/<str:token>/",
        views.editor_invitation_accept,
        name="editor_invitation_accept",
    ),
]
