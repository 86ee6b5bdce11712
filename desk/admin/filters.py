"""List filters shared by the desk's lists. Each lists only values present in the data."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class PresentCountryListFilter(admin.SimpleListFilter):
    """The lead government's country, listing only countries the list's rows have (not the
    249 of the world), with a search box to find one quickly."""

    title = _("country")
    parameter_name = "country"
    template = "desk/filter_with_search.html"
    country_path = "lead_government__country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.country_path, flat=True)
            .distinct()
        )
        return sorted(((code, countries.name(code)) for code in codes if code), key=lambda p: p[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.country_path: self.value()})
        return queryset


class OrganisationCountryListFilter(PresentCountryListFilter):
    country_path = "country"


class AnsweredListFilter(admin.SimpleListFilter):
    """Letter invitations answered by a current letter, or still waiting for one."""

    title = _("letter received")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("yes", _("Received")), ("no", _("Not yet received"))]

    def queryset(self, request, queryset):
        from letters.models import Letter

        answered = Exists(Letter.objects.current().filter(invitation=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(answered)
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True).exclude(answered)
        return queryset


class OutstandingListFilter(admin.SimpleListFilter):
    """Assignments whose review is still to be submitted (conflicted ones do not count)."""

    title = _("review outstanding")
    parameter_name = "outstanding"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Review not submitted yet")),
            ("overdue", _("Overdue: past the call's review deadline")),
        ]

    def queryset(self, request, queryset):
        from django.utils import timezone

        from ..queries import outstanding_assignments, overdue_assignments

        if self.value() == "yes":
            return outstanding_assignments(queryset)
        if self.value() == "overdue":
            return overdue_assignments(queryset, now=timezone.now())
        return queryset
