"""The committee's room under /admin/committee/ (ogp_portal/urls.py), each view behind the
admin site's own check (staff, second factor)."""

from django.contrib import admin
from django.urls import path

from . import committee_views as views


def _desk(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path(
        "application/<int:application_id>/discussion/",
        _desk(views.discussion),
        name="committee_discussion",
    ),
    path("call/<int:call_id>/meeting/", _desk(views.meeting), name="committee_meeting"),
    path(
        "call/<int:call_id>/meeting/shortlist/<int:application_id>/",
        _desk(views.meeting_shortlist),
        name="committee_shortlist",
    ),
    path(
        "call/<int:call_id>/meeting/decide/<int:application_id>/",
        _desk(views.meeting_decide),
        name="committee_decide",
    ),
    path(
        "call/<int:call_id>/meeting/targets/",
        _desk(views.meeting_targets),
        name="committee_targets",
    ),
    path(
        "call/<int:call_id>/meeting/attendance/",
        _desk(views.meeting_attendance),
        name="committee_attendance",
    ),
    path(
        "call/<int:call_id>/meeting/release/",
        _desk(views.meeting_release),
        name="committee_release",
    ),
    path(
        "call/<int:call_id>/meeting/minutes.pdf",
        _desk(views.meeting_minutes),
        name="committee_minutes",
    ),
    path("call/<int:call_id>/charts/", _desk(views.charts), name="committee_charts"),
]
