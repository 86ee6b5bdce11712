from django.urls import path

from . import views

urlpatterns = [
    path(
        "applications/<reference:reference>/letters/", views.letters_manage, name="letters_manage"
    ),
    path(
        "applications/<reference:reference>/letters/<int:letter_id>/download/",
        views.letter_download,
        name="letter_download",
    ),
    path(
        "applications/<reference:reference>/letters/<int:letter_id>/withdraw/",
        views.letter_withdraw,
        name="letter_withdraw",
    ),
    path(
        "applications/<reference:reference>/letter-invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="letter_invitation_revoke",
    ),
    path("letters/invitation/<str:token>/", views.letter_invitation, name="letter_invitation"),
    path("applications/<reference:reference>/letters/read/", views.letter_read, name="letter_read"),
    path(
        "letters/invitation/<str:token>/read/",
        views.invitation_letter_read,
        name="invitation_letter_read",
    ),
]
