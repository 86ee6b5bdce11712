from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.workspace, name="workspace"),
    path("monitoring/members/<int:pk>/", views.member, name="member"),
    path("monitoring/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("monitoring/plans/<int:pk>/inception/", views.inception_edit, name="inception_edit"),
    path(
        "monitoring/commitments/<int:pk>/assessment/",
        views.end_of_commitment_edit,
        name="end_of_commitment_edit",
    ),
    path(
        "monitoring/assessments/<slug:kind>/<int:pk>/",
        views.assessment_workspace,
        name="assessment_workspace",
    ),
    path(
        "monitoring/assessments/<slug:kind>/<int:pk>/comment/",
        views.assessment_comment,
        name="assessment_comment",
    ),
    path(
        "monitoring/assessments/<slug:kind>/<int:pk>/file/",
        views.assessment_file,
        name="assessment_file",
    ),
    path(
        "members/<int:member>/assessments/<slug:kind>/<int:pk>/",
        views.assessment_page,
        name="assessment",
    ),
    path("api/assessments.json", views.assessments_json, name="assessments_json"),
    path("api/assessments.csv", views.assessments_csv, name="assessments_csv"),
]
