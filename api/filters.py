"""The API's filters: by call, country, status and date."""

import django_filters
from django_countries import countries

from applications.enums import ApplicationStatus
from members.enums import ProgressLevel
from members.models import ActionPlan, Commitment, EndOfCommitmentReport, Member, Milestone
from publication.queries import PUBLIC_STATUSES

COUNTRIES = list(countries)


class CallFilter(django_filters.FilterSet):
    opens_after = django_filters.IsoDateTimeFilter(field_name="opens_at", lookup_expr="gte")
    closes_before = django_filters.IsoDateTimeFilter(field_name="closes_at", lookup_expr="lte")


class ResultFilter(django_filters.FilterSet):
    """For rows of ``publication.queries.public_application_values``."""

    country = django_filters.ChoiceFilter(field_name="lead_government__country", choices=COUNTRIES)
    status = django_filters.ChoiceFilter(
        choices=[(status.value, status.label) for status in PUBLIC_STATUSES]
    )
    submitted_after = django_filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_before = django_filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="lt")


class MemberFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(choices=COUNTRIES)
    call = django_filters.CharFilter(field_name="application__call__slug")
    joined_from = django_filters.NumberFilter(field_name="year_joined", lookup_expr="gte")

    class Meta:
        model = Member
        fields = ["government_level", "year_joined"]


class PlanFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(field_name="member__country", choices=COUNTRIES)
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lt")

    class Meta:
        model = ActionPlan
        fields = ["member"]


class CommitmentFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(field_name="plan__member__country", choices=COUNTRIES)
    member = django_filters.NumberFilter(field_name="plan__member_id")

    class Meta:
        model = Commitment
        fields = ["plan"]


class MilestoneFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        field_name="commitment__plan__member__country", choices=COUNTRIES
    )
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True)
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lt")

    class Meta:
        model = Milestone
        fields = ["commitment"]


class ReportFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        field_name="commitment__plan__member__country", choices=COUNTRIES
    )
    progress = django_filters.ChoiceFilter(choices=ProgressLevel.choices)
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")

    class Meta:
        model = EndOfCommitmentReport
        fields = ["commitment"]


class ReviewApplicationFilter(django_filters.FilterSet):
    call = django_filters.CharFilter(field_name="call__slug")
    country = django_filters.ChoiceFilter(field_name="lead_government__country", choices=COUNTRIES)
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    submitted_after = django_filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
