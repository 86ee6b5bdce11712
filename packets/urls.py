from django.urls import path

from . import views

urlpatterns = [
    path(
        "applications/<reference:reference>/packet/",
        views.packet_download,
        name="packet_download",
    ),
    path(
        "applications/<reference:reference>/packet/v<int:version>/",
        views.packet_download,
        name="packet_version_download",
    ),
]
