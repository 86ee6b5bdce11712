"""Admin actions on applications, shared by the application list, the pipeline, the ranking
and the decisions. Each calls one domain function per application and reports refusals."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.exceptions import ApplicationError
from applications.models import Application
from reviews import domain
from reviews.enums import ReviewStage
from reviews.models import Candidacy, Decision

from ..forms import SpreadAssignmentsForm


def _applications(queryset):
    if queryset.model is Candidacy:
        return Application.objects.filter(candidacy__in=queryset)
    return Application.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))


def _move_selected(modeladmin, request, queryset, to_stage):
    moved, refusals = 0, []
    for application in _applications(queryset).select_related("call").order_by("reference"):
        try:
            domain.move_stage(application=application, to_stage=to_stage, by=request.user)
            moved += 1
        except ApplicationError as refusal:
            refusals.append(refusal.message)
    if moved:
        modeladmin.message_user(
            request,
            gettext("%(count)d applications moved to %(stage)s.")
            % {"count": moved, "stage": ReviewStage(to_stage).label},
            messages.SUCCESS,
        )
    for refusal in refusals:
        modeladmin.message_user(request, refusal, messages.WARNING)


@admin.action(description=_("Move to due diligence"), permissions=["coordinate"])
def move_to_due_diligence(modeladmin, request, queryset):
    _move_selected(modeladmin, request, queryset, ReviewStage.DUE_DILIGENCE)


@admin.action(description=_("Move to committee review"), permissions=["coordinate"])
def move_to_committee_review(modeladmin, request, queryset):
    _move_selected(modeladmin, request, queryset, ReviewStage.COMMITTEE_REVIEW)


@admin.action(description=_("Assign reviewers evenly…"), permissions=["coordinate"])
def assign_reviewers_evenly(modeladmin, request, queryset):
    """Asks how many reviewers per application and from which pool, then spreads them."""
    applications = list(_applications(queryset).select_related("lead_government"))
    form = SpreadAssignmentsForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        unfilled = domain.spread_assignments(
            applications=applications,
            reviewers=form.cleaned_data["reviewers"],
            per_application=form.cleaned_data["per_application"],
            assigned_by=request.user,
        )
        modeladmin.message_user(
            request,
            gettext("Reviewers assigned to %(count)d applications.")
            % {"count": len(applications) - len(unfilled)},
            messages.SUCCESS,
        )
        for gap in unfilled:
            modeladmin.message_user(
                request,
                gettext("%(reference)s is short of %(missing)d reviewers: %(reason)s.")
                % {
                    "reference": gap.application.reference,
                    "missing": gap.missing,
                    "reason": gap.reason,
                },
                messages.WARNING,
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Assign reviewers evenly"),
        "opts": modeladmin.model._meta,
        "changelist_url": reverse(
            f"admin:{modeladmin.model._meta.app_label}_{modeladmin.model._meta.model_name}_changelist"
        ),
        "form": form,
        "applications": applications,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "action": "assign_reviewers_evenly",
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "desk/assign_reviewers.html", context)


@admin.action(description=_("Release the decisions"), permissions=["coordinate"])
def release_selected_decisions(modeladmin, request, queryset):
    if queryset.model is Decision:
        decisions = list(queryset)
    else:
        decisions = list(Decision.objects.filter(application__in=_applications(queryset)))
    released = domain.release_decisions(decisions=decisions, by=request.user)
    modeladmin.message_user(
        request,
        gettext("%(count)d decisions released; their e-mails are on their way to the applicants.")
        % {"count": len(released)},
        messages.SUCCESS,
    )
    skipped = queryset.count() - len(released)
    if skipped:
        modeladmin.message_user(
            request,
            gettext(
                "%(count)d of the selection had no decision to release (none recorded, or "
                "already released)."
            )
            % {"count": skipped},
            messages.WARNING,
        )
