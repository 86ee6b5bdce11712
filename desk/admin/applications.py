"""Applications in the admin, where the OGP Support Unit reviews them.

Coordinators see every application, assign reviewers and move applications through the
pipeline. A reviewer sees only the applications assigned to them, without a declared conflict
(reviews.queries.applications_for_reviewer, reviews.rules), each with its packet, its letters
and the reviewer's score form (desk/views.py). Applicants' content is read-only here.
"""

from contextlib import nullcontext
from functools import partial

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.models import (
    Application,
    EditorInvitation,
    Organisation,
)
from applications.queries import search_applications
from calls.models import Call
from reviews import queries as review_queries
from reviews import rules as review_rules
from reviews.enums import ReviewStatus
from reviews.models import Review

from .. import queries as desk_queries
from .. import views as review_views
from . import application_reviewers
from .actions import (
    assign_reviewers_evenly,
    move_to_committee_review,
    move_to_due_diligence,
    release_selected_decisions,
)
from .application_panels import application_panels
from .base import CoordinatorActionsMixin, PlainActionCheckbox, is_coordinator
from .changelists import DeskChangeList
from .filters import ApplicationCountryListFilter, OrganisationCountryListFilter
from .labels import choice_label, country_name
from .stages import invite_selected_to_full_application

_CALL_DETAIL = [
    f"call__{field.name}"
    for field in Call._meta.concrete_fields
    if field.name == "eligible_countries" or field.name.startswith("description")
]


class MyReviewListFilter(admin.SimpleListFilter):
    title = _("my review")
    parameter_name = "my_review"

    def lookups(self, request, model_admin):
        return [
            ("none", _("Not started")),
            (ReviewStatus.DRAFT, _("Draft")),
            (ReviewStatus.SUBMITTED, _("Submitted")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(my_review_status__isnull=True)
        if self.value() in ReviewStatus.values:
            return queryset.filter(my_review_status=self.value())
        return queryset


@admin.register(Application)
class ApplicationAdmin(PlainActionCheckbox, CoordinatorActionsMixin, admin.ModelAdmin):
    change_form_template = "desk/application_change_form.html"
    # 25 rows a page unless the visitor chooses 50 or 100 (DeskChangeList), as on the ranking
    # and the committee's meeting: people search or filter rather than scroll, and Django's
    # 100 quadruples what every page draws. The full count once when nothing narrows the list.
    list_per_page = 25
    # review_scores: the stored review figures (reviews.ApplicationScores), which the ranking
    # reads too, kept true by the review domain in the same transaction as each change.
    list_select_related = ["lead_government", "call", "candidacy", "decision", "review_scores"]
    # Searched by applications.queries.search_applications (get_search_results below):
    # semi-joins on trigram indexes, no DISTINCT; these fields are its documentation.
    search_fields = ["reference", "lead_government__name", "partners__organisation__name"]
    # The index application_created_idx serves this order (the admin adds -pk as tiebreak).
    ordering = ["-created_at"]
    # The application's own facts (reference, call, status, dates) are drawn above the form
    # (application_panels.FACTS); the form holds the contact details a coordinator may correct.
    fieldsets = [
        (
            _("Contact details"),
            {
                "fields": [
                    "lead_office",
                    "contact_name",
                    "contact_position",
                    "contact_email",
                    "language",
                ]
            },
        )
    ]
    # No date hierarchy: on a large list it costs a MIN/MAX query and a grouped query per
    # drill-down on every page; the list filters cover what coordinators look for.

    class Media:
        js = ["desk/filter.js"]
        css = {"all": ["desk/admin.css"]}

    # The applicant's page is for its editors: no "view on site" link (the shortcut behind it
    # is permission-checked too, desk.views.view_on_site).
    view_on_site = False
    actions = [
        assign_reviewers_evenly,
        move_to_due_diligence,
        move_to_committee_review,
        release_selected_decisions,
        invite_selected_to_full_application,
    ]

    # Who sees what -----------------------------------------------------------------------

    def get_queryset(self, request):
        # Built once a request: the list asks for it twice (its rows, and the country
        # filter's choices).
        built = request.__dict__.get("_desk_application_queryset")
        if built is not None:
            return built.all()  # a copy: what one caller reads is not another's cache
        # Each row names its call: the call's long fields (its eligible countries, parsed one
        # by one into every row's call, and its descriptions) are not read. (The list then
        # adds no select_related of its own: all of it is here.)
        queryset = (
            self.visible_applications(request)
            .select_related(*self.list_select_related)
            .defer(*_CALL_DETAIL)
        )
        if not is_coordinator(request):
            own_review = Review.objects.filter(
                assignment__application=OuterRef("pk"), assignment__reviewer=request.user
            )
            queryset = queryset.annotate(my_review_status=Subquery(own_review.values("status")[:1]))
        request._desk_application_queryset = queryset
        return queryset.all()

    def visible_applications(self, request):
        """The applications this user may open here, without the list's columns."""
        queryset = super().get_queryset(request)
        if is_coordinator(request):
            return queryset
        return queryset.filter(
            pk__in=review_queries.applications_for_reviewer(request.user).values("pk")
        )

    def get_object(self, request, object_id, from_field=None):
        """One application, read once a request (the change view asks twice, once to refuse
        with a 404) and without the list's columns: its review counts are correlated
        subqueries, as costly to build as to run, which its pages do not show."""
        read = request.__dict__.setdefault("_desk_applications", {})
        key = (object_id, from_field)
        if key not in read:
            field = Application._meta.get_field(from_field) if from_field else None
            field = field or Application._meta.pk
            # While the rules' facts are read once (change_view), one application is asked
            # the rule that visible_applications() joins into the list's query
            # (reviews.read_application: assigned, not conflicted), which its page asks again
            # anyway; elsewhere the rule is joined into the query, as for the list.
            asked = review_rules.facts_are_read_once() and not is_coordinator(request)
            applications = (
                super().get_queryset(request) if asked else self.visible_applications(request)
            )
            try:
                # With what its page shows of it (its title, call, stage and decision).
                read[key] = applications.select_related(
                    "call", "lead_government", "candidacy", "decision"
                ).get(**{field.name: field.to_python(object_id)})
            except (Application.DoesNotExist, ValidationError, ValueError):
                read[key] = None
            application = read[key]
            if asked and application is not None:
                allowed = request.user.has_perm("reviews.read_application", application)
                read[key] = application if allowed else None
        return read[key]

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def kept_count(self, request):
        """A reviewer's unfiltered list is counted once until their assignments, reviews or a
        conflict change (DeskChangeList); a coordinator's count reads an index and is cheap."""
        if is_coordinator(request):
            return None
        return request.user.pk, desk_queries.REVIEWER_DESK_SOURCES

    def get_search_results(self, request, queryset, search_term):
        return search_applications(queryset, search_term), False

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and request.user.has_perm("reviews.read_application", obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_coordinator(request)

    def has_add_permission(self, request):
        return False

    def get_list_display(self, request):
        if is_coordinator(request):
            return [
                "reference",
                "lead_government",
                "country",
                "call",
                "status",
                "stage",
                "review_progress",
                # Not "decision": the admin would show the reverse one-to-one field itself
                # ("OGPL-…: Not admitted") and never call the column below.
                "decision_state",
            ]
        return ["reference", "lead_government", "country", "stage", "my_review"]

    def get_list_filter(self, request):
        if is_coordinator(request):
            return ["call", "status", "candidacy__stage", ApplicationCountryListFilter]
        return ["candidacy__stage", MyReviewListFilter]

    def get_inlines(self, request, obj):
        # No inline: the read-only sections (letters, partners, answers, editors, change
        # requests, extensions, events) are plain panels (desk.admin.application_panels), and
        # the reviewers' assignments are made and taken back by their own small forms
        # (desk.admin.application_reviewers), both added in render_change_form.
        return []

    # Columns -----------------------------------------------------------------------------

    @admin.display(description=_("country"), ordering="lead_government__country")
    def country(self, application):
        return country_name(application.lead_government.country.code)

    @admin.display(description=_("stage"), ordering="candidacy__stage")
    def stage(self, application):
        candidacy = getattr(application, "candidacy", None)
        return choice_label(candidacy, "stage") if candidacy else "–"

    @admin.display(description=_("reviews"), ordering="review_scores__reviews_submitted")
    def review_progress(self, application):
        """Submitted reviews that count of the assignments without a conflict: the stored
        figures (no row: no assignment yet)."""
        if getattr(application, "candidacy", None) is None:
            return "–"
        scores = getattr(application, "review_scores", None)
        return gettext("%(submitted)d of %(assigned)d") % {
            "submitted": scores.reviews_submitted if scores else 0,
            "assigned": scores.reviews_assigned if scores else 0,
        }

    @admin.display(description=_("decision"), ordering="decision__outcome")
    def decision_state(self, application):
        decision = getattr(application, "decision", None)
        if decision is None:
            return "–"
        if decision.is_released:
            return gettext("%(outcome)s (released)") % {"outcome": decision.get_outcome_display()}
        return decision.get_outcome_display()

    @admin.display(description=_("my review"), ordering="my_review_status")
    def my_review(self, application):
        if application.my_review_status is None:
            return gettext("Not started")
        return ReviewStatus(application.my_review_status).label

    # Pages -------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/review/",
                wrap(partial(review_views.score_application, model_admin=self)),
                name="applications_application_score",
            ),
            path(
                "<path:object_id>/conflict/",
                wrap(partial(review_views.declare_conflict, model_admin=self)),
                name="applications_application_conflict",
            ),
            path(
                "<path:object_id>/reviewers/assign/",
                wrap(partial(application_reviewers.assign_reviewer, model_admin=self)),
                name="applications_application_assign",
            ),
            path(
                "<path:object_id>/reviewers/<str:assignment_id>/remove/",
                wrap(partial(application_reviewers.remove_reviewer, model_admin=self)),
                name="applications_application_unassign",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Drawing the page changes nothing, so the review rules' facts about this user and
        # this application (assigned, conflicted, reviewed) are read once, not once per rule.
        reading = request.method in ("GET", "HEAD")
        with review_rules.facts_read_once() if reading else nullcontext():
            # An application this user may not see is a 404, not the admin's usual redirect.
            application = self.get_object(request, unquote(object_id))
            if application is None or not self.has_view_permission(request, application):
                raise Http404
            return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Only when the page is drawn (not for a save that goes on elsewhere): its review, its
        # read-only panels and, for a coordinator, its reviewers.
        if obj is not None:
            context |= review_views.review_context(request, obj)
            context |= application_panels(request, obj, admin_site=self.admin_site)
            reviewers = application_reviewers.reviewers_section(
                request, obj, context["assignments"], admin_site=self.admin_site
            )
            if reviewers:
                context |= reviewers
                context["media"] = context["media"] + reviewers["assign_form"].media
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    class Media:
        js = ["desk/filter.js"]

    # A website typed without its scheme is https (Django 6's default; it warns until then).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    list_display = ["name", "kind", "country", "government_level"]
    list_filter = ["kind", OrganisationCountryListFilter]
    search_fields = ["name"]


@admin.register(EditorInvitation)
class EditorInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "application", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["application", "application__lead_government"]
    readonly_fields = [
        "application",
        "email",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]
    exclude = ["token_hash"]
