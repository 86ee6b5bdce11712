from django.urls import path

from . import views

urlpatterns = [
    path("", views.front_door, name="front_door"),
    path("calls/<slug:slug>/", views.call_page, name="call_detail"),
    path("calls/<slug:slug>/record/", views.call_record, name="call_record"),
    path(
        "calls/<slug:slug>/record/letters/<int:letter_id>/",
        views.public_letter,
        name="public_letter",
    ),
    path(
        "api/calls/<slug:slug>/applications.json",
        views.applications_json,
        name="call_applications_json",
    ),
    path(
        "api/calls/<slug:slug>/applications.csv",
        views.applications_csv,
        name="call_applications_csv",
    ),
]
