"""List filters shared by the desk's lists. Each lists only values present in the data."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.kept import kept

from .base import is_coordinator
from .labels import country_name


class PresentCountryListFilter(admin.SimpleListFilter):
    """The lead government's country, listing only countries the list's rows have (not the
    249 of the world), with a search box to find one quickly."""

    title = _("country")
    parameter_name = "country"
    template = "desk/filter_with_search.html"
    country_path = "lead_government__country"

    # The models the choices are read from: when set, the choices a coordinator sees (every
    # row) are kept until one of them changes (common.kept), instead of a scan of every row
    # on every page of the list.
    kept_sources = None

    def lookups(self, request, model_admin):
        if self.kept_sources and is_coordinator(request):
            return kept(
                ("desk", "countries", model_admin.model._meta.label, self.country_path)
                + (get_language(),),
                lambda: self.present_countries(request, model_admin),
                sources=self.kept_sources,
            )
        return self.present_countries(request, model_admin)

    def present_countries(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.country_path, flat=True)
            .distinct()
        )
        return sorted(((code, country_name(code)) for code in codes if code), key=lambda p: p[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.country_path: self.value()})
        return queryset


class ApplicationCountryListFilter(PresentCountryListFilter):
    """The lead governments' countries of every application, kept until an application or an
    organisation changes."""

    kept_sources = ("applications.Application", "applications.Organisation")


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
