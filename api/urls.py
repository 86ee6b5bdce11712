from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import account, review, views

app_name = "api"

urlpatterns = [
    path("api/v1/calls/", views.CallList.as_view(), name="call-list"),
    path("api/v1/calls/<slug:slug>/", views.CallDetail.as_view(), name="call-detail"),
    path("api/v1/calls/<slug:slug>/results/", views.CallResults.as_view(), name="call-results"),
    path("api/v1/members/", views.MemberList.as_view(), name="member-list"),
    path("api/v1/members/<int:pk>/", views.MemberDetail.as_view(), name="member-detail"),
    path("api/v1/plans/", views.PlanList.as_view(), name="plan-list"),
    path("api/v1/plans/<int:pk>/", views.PlanDetail.as_view(), name="plan-detail"),
    path("api/v1/commitments/", views.CommitmentList.as_view(), name="commitment-list"),
    path("api/v1/milestones/", views.MilestoneList.as_view(), name="milestone-list"),
    path("api/v1/reports/", views.ReportList.as_view(), name="report-list"),
    path("api/v1/reports/<int:pk>/", views.ReportDetail.as_view(), name="report-detail"),
    path(
        "api/v1/review/applications/",
        review.ReviewApplicationList.as_view(),
        name="review-application-list",
    ),
    path(
        "api/v1/review/applications/<reference:reference>/",
        review.ReviewApplicationDetail.as_view(),
        name="review-application-detail",
    ),
    path(
        "api/v1/review/applications/<reference:reference>/reviews/",
        review.ApplicationReviews.as_view(),
        name="review-application-reviews",
    ),
    path("api/v1/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("accounts/api-tokens/", account.token_list, name="tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
]
