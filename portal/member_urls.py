"""The members' pages: the public record, open data and the members' workspace."""

from django.urls import path

from .views import members as views

app_name = "members"

urlpatterns = [
    path("members/", views.member_list, name="list"),
    path("members/<int:pk>/", views.member_page, name="member"),
    path("members/<int:member>/plans/<int:pk>/", views.plan_page, name="plan"),
    path("members/<int:member>/plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("members/<int:member>/reports/<int:pk>/", views.report_page, name="report"),
    *(
        path(
            f"api/{data_set}.{file_format}",
            views.open_data,
            {"data_set": data_set, "file_format": file_format},
            name=f"{data_set}_{file_format}",
        )
        for data_set in views.DATA_SETS
        for file_format in ("json", "csv")
    ),
    path("membership/", views.workspace, name="workspace"),
    path("membership/<int:pk>/", views.member_workspace, name="member_workspace"),
    path(
        "membership/<int:pk>/invitations/<int:invitation_id>/withdraw/",
        views.editor_invitation_withdraw,
        name="editor_invitation_withdraw",
    ),
    path(
        "membership/invitations/<str:token>/",
        views.editor_invitation_accept,
        name="editor_invitation_accept",
    ),
    path("membership/<int:pk>/plans/new/", views.plan_create, name="plan_create"),
    path("membership/plans/<int:pk>/", views.plan_workspace, name="plan_workspace"),
    path("membership/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("membership/plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path(
        "membership/commitments/<int:pk>/milestones/",
        views.milestones_edit,
        name="milestones_edit",
    ),
    path("membership/commitments/<int:pk>/report/", views.report_edit, name="report_edit"),
    path("membership/milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("membership/reports/<int:pk>/", views.report_workspace, name="report_workspace"),
    path("membership/reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
]
