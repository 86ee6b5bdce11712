"""The public read API (``/api/v1/``): what the portal already publishes, no token needed.

Querysets come from the apps' ``queries.py`` and records from their ``records.py``, the same
the pages and the open-data files use. Text is in the requester's language: ``?lang=`` or
Accept-Language.
"""

from django.conf import settings
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from members import queries as member_queries
from members import records as member_records
from publication import queries as public_queries
from publication import records as public_records

from . import filters, serializers

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Language of translated text; otherwise Accept-Language.",
)


class InLanguage:
    """Answers in ``?lang=`` when it names one of the portal's languages."""

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang", "")
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response


@extend_schema(parameters=[LANG])
class PublicList(InLanguage, generics.ListAPIView):
    filter_backends = [DjangoFilterBackend]


@extend_schema(parameters=[LANG])
class PublicDetail(InLanguage, generics.RetrieveAPIView):
    pass


class CallList(PublicList):
    """Calls for applications, once open (and past ones with their results)."""

    serializer_class = serializers.CallSerializer
    filterset_class = filters.CallFilter

    def get_queryset(self):
        return public_queries.public_calls()


class CallDetail(PublicDetail):
    serializer_class = serializers.CallSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_queries.public_calls()


class CallResults(PublicList):
    """The public record of a call: its submitted applications, partners, released decisions
    and the letters their applicants agreed to publish (the open-data record)."""

    serializer_class = serializers.ResultSerializer
    filterset_class = filters.ResultFilter

    def get_call(self):
        return public_queries.published_call(self.kwargs["slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return public_queries.public_application_values(None).none()
        return public_queries.public_application_values(self.get_call())

    def list(self, request, *args, **kwargs):
        call = self.get_call()
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        records = list(
            public_records.application_records(call, request.build_absolute_uri, rows=rows)
        )
        return self.get_paginated_response(records)


class MemberList(PublicList):
    """OGP Local members, with their partners and published action plans."""

    serializer_class = serializers.MemberSerializer
    filterset_class = filters.MemberFilter

    def get_queryset(self):
        return member_records.published_members().order_by()


class MemberDetail(PublicDetail):
    serializer_class = serializers.MemberSerializer

    def get_queryset(self):
        return member_records.published_members()


class PlanList(PublicList):
    """Published action plans."""

    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self):
        return member_queries.published_plans()


class PlanDetail(PublicDetail):
    serializer_class = serializers.PlanSerializer

    def get_queryset(self):
        return member_queries.published_plans()


class CommitmentList(PublicList):
    """Commitments of published action plans."""

    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter

    def get_queryset(self):
        return member_queries.published_commitments().order_by()


class MilestoneList(PublicList):
    """Milestones of the commitments of published action plans."""

    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter

    def get_queryset(self):
        return member_queries.published_milestones()


class ReportList(PublicList):
    """Published end-of-commitment reports (the assessment of each commitment)."""

    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        return member_queries.published_reports()


class ReportDetail(PublicDetail):
    serializer_class = serializers.ReportSerializer

    def get_queryset(self):
        return member_queries.published_reports()
