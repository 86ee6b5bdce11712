"""The API behind a personal token: what its holder may see on the desk, nothing more.

Which applications: ``reviews.queries.applications_for_reviewer`` for reviewers, every
application in review for coordinators, none for anyone else; each one is then asked
``reviews.read_application`` (the desk's rule), and its reviews ``reviews.see_other_reviews``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from applications.enums import ApplicationStatus
from applications.models import Application
from reviews import queries as review_queries
from reviews.models import Review, Score

from . import filters
from .views import LANG, InLanguage

IN_REVIEW = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.DECIDED]


def applications_in_review(user):
    """The applications ``user`` may read on the desk, before the per-object rule."""
    if user.has_perm("accounts.coordinate"):
        applications = Application.objects.filter(status__in=IN_REVIEW)
    elif user.has_perm("accounts.review"):
        applications = review_queries.applications_for_reviewer(user)
    else:
        return Application.objects.none()
    return applications.select_related("call", "lead_government", "candidacy")


class ReviewApplicationSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_government = serializers.CharField(source="lead_government.name")
    country = serializers.CharField(source="lead_government.country.code")
    stage = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "reference",
            "call",
            "lead_government",
            "country",
            "status",
            "stage",
            "submitted_at",
        ]

    def get_stage(self, application) -> str | None:
        candidacy = getattr(application, "candidacy", None)
        return candidacy.stage if candidacy is not None else None


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.name")

    class Meta:
        model = Score
        fields = ["criterion", "value", "comment"]


class ReviewSerializer(serializers.ModelSerializer):
    own = serializers.SerializerMethodField()
    scores = ScoreSerializer(many=True)

    class Meta:
        model = Review
        fields = ["id", "own", "status", "recommendation", "summary", "submitted_at", "scores"]

    def get_own(self, review) -> bool:
        return review.assignment.reviewer_id == self.context["request"].user.pk


class TokenOnly(InLanguage):
    permission_classes = [IsAuthenticated]


@extend_schema(parameters=[LANG])
class ReviewApplicationList(TokenOnly, generics.ListAPIView):
    """Applications in review that the token's holder may read on the desk."""

    serializer_class = ReviewApplicationSerializer
    filterset_class = filters.ReviewApplicationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return applications_in_review(self.request.user)


def readable_application(request, reference):
    application = get_object_or_404(applications_in_review(request.user), reference=reference)
    if not request.user.has_perm("reviews.read_application", application):
        raise Http404
    return application


@extend_schema(parameters=[LANG])
class ReviewApplicationDetail(TokenOnly, generics.RetrieveAPIView):
    serializer_class = ReviewApplicationSerializer

    def get_object(self):
        return readable_application(self.request, self.kwargs["reference"])


@extend_schema(parameters=[LANG])
class ApplicationReviews(TokenOnly, generics.ListAPIView):
    """The submitted reviews and scores of an application, for those the desk shows them to
    (coordinators; a reviewer once their own review is in); otherwise only one's own."""

    serializer_class = ReviewSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        user = self.request.user
        application = readable_application(self.request, self.kwargs["reference"])
        if user.has_perm("reviews.see_other_reviews", application):
            return review_queries.reviews_of(application, include_drafts=False)
        return review_queries.reviews_of(application, include_drafts=True).filter(
            assignment__reviewer=user
        )
