"""What the API returns. The public records are the open data's (publication/records.py,
members/records.py): these serializers describe them for the schema and call the same
functions, so the API and the files cannot disagree."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calls.models import Call
from members import records as member_records
from members.models import ActionPlan, EndOfCommitmentReport, EvidenceLink, Milestone


def absolute_url_of(context):
    request = context["request"]
    return request.build_absolute_uri


class CallSerializer(serializers.ModelSerializer):
    title = serializers.CharField(help_text="In the requester's language (falls back).")
    description = serializers.CharField(help_text="In the requester's language (falls back).")
    phase = serializers.SerializerMethodField()
    results_url = serializers.SerializerMethodField(
        help_text="The call's public record, once its results are published."
    )

    class Meta:
        model = Call
        fields = [
            "slug",
            "title",
            "description",
            "opens_at",
            "closes_at",
            "results_published_at",
            "phase",
            "results_url",
        ]

    def get_phase(self, call) -> str:
        return str(call.phase())

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_results_url(self, call):
        if call.results_published_at is None:
            return None
        path = reverse("api:call-results", kwargs={"slug": call.slug})
        return self.context["request"].build_absolute_uri(path)


class PartnerRecordSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    country = serializers.CharField()
    role = serializers.CharField()


class LetterRecordSerializer(serializers.Serializer):
    kind = serializers.CharField()
    author_organisation = serializers.CharField()
    signed_on = serializers.DateField()
    pages = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField()
    url = serializers.URLField()


class ResultSerializer(serializers.Serializer):
    """One public application of a call: the open-data record (docs/open-data.md)."""

    reference = serializers.CharField()
    lead_government = serializers.CharField()
    country = serializers.CharField()
    government_level = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    consortium_partners = PartnerRecordSerializer(many=True)
    status = serializers.CharField()
    decision = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    letters = LetterRecordSerializer(many=True)
    expression_of_interest = serializers.CharField(
        allow_null=True,
        help_text="Two-stage calls: the expression of interest this full application came from.",
    )
    shortlisted = serializers.BooleanField(
        help_text="Two-stage calls: an expression of interest invited to the full application."
    )


class PlanLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    url = serializers.URLField()


class MemberSerializer(serializers.Serializer):
    """A member: the record of ``members.records.member_record``."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    government_level = serializers.CharField()
    year_joined = serializers.IntegerField()
    consortium_partners = serializers.ListField(child=serializers.CharField())
    published_action_plans = PlanLinkSerializer(many=True)
    url = serializers.URLField()

    def to_representation(self, member):
        return member_records.member_record(member, absolute_url_of(self.context))


class CommitmentSerializer(serializers.Serializer):
    """A commitment of a published plan: the record of ``members.records.commitment_record``."""

    id = serializers.IntegerField()
    member_id = serializers.IntegerField()
    member = serializers.CharField()
    country = serializers.CharField()
    action_plan = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    title = serializers.CharField()
    ogp_values = serializers.ListField(child=serializers.CharField())
    lead_agency = serializers.CharField()
    milestones = serializers.IntegerField()
    milestones_done = serializers.IntegerField()
    completion_level = serializers.CharField(allow_null=True)
    report_url = serializers.URLField(allow_null=True)
    url = serializers.URLField()

    def to_representation(self, commitment):
        return member_records.commitment_record(commitment, absolute_url_of(self.context))


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class PlanSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name")
    country = serializers.CharField(source="member.country.code")
    status_label = serializers.CharField(source="get_status_display")
    url = AbsoluteUrlField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "member",
            "member_name",
            "country",
            "title",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "published_at",
            "url",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    is_done = serializers.BooleanField()
    plan = serializers.IntegerField(source="commitment.plan_id")
    member = serializers.IntegerField(source="commitment.plan.member_id")

    class Meta:
        model = Milestone
        fields = [
            "id",
            "commitment",
            "plan",
            "member",
            "title",
            "due_on",
            "done_on",
            "is_done",
            "evidence_url",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceLink
        fields = ["label", "url"]


class ReportSerializer(serializers.ModelSerializer):
    """A published end-of-commitment report (the evaluator's assessment); choice fields come
    with their label in the requester's language."""

    member = serializers.IntegerField(source="commitment.plan.member_id")
    country = serializers.CharField(source="commitment.plan.member.country.code")
    progress_label = serializers.CharField(source="get_progress_display")
    as_planned_label = serializers.CharField(source="get_as_planned_display")
    evidence = EvidenceSerializer(many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = EndOfCommitmentReport
        fields = [
            "id",
            "commitment",
            "member",
            "country",
            "progress",
            "progress_label",
            "progress_explanation",
            "factors",
            "as_planned",
            "as_planned_label",
            "as_planned_explanation",
            "access_to_information",
            "access_to_information_degree",
            "civic_participation",
            "civic_participation_degree",
            "public_accountability",
            "public_accountability_degree",
            "other_results",
            "addressed_problem",
            "addressed_problem_explanation",
            "lessons",
            "published_at",
            "evidence",
            "url",
        ]
