"""Member-side pages (editors draft plans and reports) and the public pages.

Thin: find the object (a 404 for what the user may not see), check the permission, call the
domain, render. A refusal's message is shown on the page; nothing typed is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries as all_countries

from applications.enums import GovernmentLevel
from common.querystring import int_param, text_param
from members import domain, queries, records
from members.enums import Status
from members.exceptions import MemberError
from members.forms import (
    EditorForm,
    EvidenceFormSet,
    MilestoneDoneForm,
    MilestoneFormSet,
    PlanForm,
    ReportForm,
    commitment_formset,
)
from members.models import (
    ActionPlan,
    Commitment,
    EndOfCommitmentReport,
    MemberEditorInvitation,
    Milestone,
)
from publication.spreadsheets import csv_response

from .invitations import accept_page, withdraw_and_say

MEMBERS_PER_PAGE = 20


def _require(user, permission, obj):
    if not user.has_perm(permission, obj):
        raise Http404


# Public ---------------------------------------------------------------------------------------


def member_list(request):
    country = text_param(request.GET, "country")
    level = text_param(request.GET, "level")
    year = int_param(request.GET, "year", minimum=1, maximum=9999)
    members = queries.member_list(country=country, level=level, year=year)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    countries, years = queries.filter_choices()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/member_list.html",
        {
            "page": page,
            "countries": [(code, all_countries.name(code)) for code in countries],
            "levels": GovernmentLevel.choices,
            "years": years,
            "selected": {"country": country, "level": level, "year": year},
            "query": query.urlencode(),
        },
    )


def member_page(request, pk):
    member = queries.public_member(pk)
    return render(request, "members/member_page.html", {"member": member})


def plan_page(request, member, pk):
    plan = queries.plan_with_commitments(pk, member_id=member)
    _require(request.user, "members.view_plan", plan)
    return render(request, "members/plan_page.html", {"plan": plan, "member": plan.member})


def plan_pdf(request, member, pk):
    plan = get_object_or_404(ActionPlan, pk=pk, member_id=member, status=Status.PUBLISHED)
    if not plan.pdf:
        raise Http404
    return FileResponse(
        plan.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"action-plan-{plan.pk}.pdf",
    )


def report_page(request, member, pk):
    report = queries.report(pk, member_id=member)
    _require(request.user, "members.view_report", report)
    return render(request, "members/report_page.html", {"report": report})


# The public data sets (docs/open-data.md): their records and CSV columns, in members/records.py.
DATA_SETS = {
    "members": (records.member_records, records.MEMBER_COLUMNS),
    "commitments": (records.commitment_records, records.COMMITMENT_COLUMNS),
}


def open_data(request, data_set, file_format):
    """One data set as JSON (with the schema's version) or as CSV (a row a record)."""
    make_records, columns = DATA_SETS[data_set]
    found = make_records(request.build_absolute_uri)
    if file_format == "csv":
        return csv_response(
            f"ogp-local-{data_set}.csv", columns, (records.row(r, columns) for r in found)
        )
    return JsonResponse(
        {"schema_version": records.SCHEMA_VERSION, data_set: found},
        json_dumps_params={"ensure_ascii": False},
    )


# Member's workspace ---------------------------------------------------------------------------


@login_required
def workspace(request):
    return render(request, "members/workspace.html", {"members": queries.members_of(request.user)})


@login_required
def member_workspace(request, pk):
    member = queries.editable_member(pk, request.user)
    form = EditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            domain.invite_editor(
                member=member,
                email=email,
                by=request.user,
                accept_url_for=lambda token: request.build_absolute_uri(
                    reverse("members:editor_invitation_accept", kwargs={"token": token})
                ),
            )
        except MemberError as error:
            form.add_error("email", error.message)
        else:
            # The same words whether or not the address has an account.
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
            return redirect("members:member_workspace", pk=member.pk)
    plans = member.plans.order_by("-created_at")
    return render(
        request,
        "members/member_workspace.html",
        {
            "member": member,
            "plans": plans,
            "form": form,
            "pending": member.editor_invitations.pending().select_related("invited_by"),
        },
    )


@login_required
@require_POST
def editor_invitation_withdraw(request, pk, invitation_id):
    member = queries.editable_member(pk, request.user)
    invitation = get_object_or_404(
        MemberEditorInvitation.objects.select_related("member"), pk=invitation_id, member=member
    )
    withdraw_and_say(request, flow=domain.editor_invitations, invitation=invitation)
    return redirect("members:member_workspace", pk=member.pk)


@login_required
def editor_invitation_accept(request, token):
    return accept_page(
        request,
        token,
        flow=domain.editor_invitations,
        template="members/editor_invitation_accept.html",
        joined=lambda member: (
            _("You are now an editor of %(member)s.") % {"member": member.name},
            reverse("members:member_workspace", kwargs={"pk": member.pk}),
        ),
    )


def _plan_edit(request, member, plan):
    is_new = plan.pk is None
    form = PlanForm(request.POST or None, instance=plan)
    extra = 2 if is_new else (1 if plan.commitments.count() < plan.max_commitments else 0)
    formset = commitment_formset(plan, extra=extra)(
        request.POST or None, instance=plan, prefix="commitments"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                if is_new:
                    plan = domain.create_plan(member=member, by=request.user, **form.cleaned_data)
                else:
                    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
                    domain.ensure_editable(obj=locked, user=request.user)
                    plan = form.save()
                formset.instance = plan
                # Commitments keep the order of the form.
                for position, commitment_form in enumerate(formset.forms):
                    commitment_form.instance.position = position
                formset.save()
        except MemberError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The action plan was saved."))
            return redirect("members:plan_workspace", pk=plan.pk)
    return render(
        request,
        "members/plan_form.html",
        {"member": member, "plan": plan, "form": form, "formset": formset},
    )


@login_required
def plan_create(request, pk):
    member = queries.editable_member(pk, request.user)
    return _plan_edit(
        request, member, ActionPlan(member=member, max_commitments=domain.commitment_limit())
    )


@login_required
def plan_edit(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("member"), pk=pk)
    _require(request.user, "members.edit_member", plan)
    if not request.user.has_perm("members.change_plan", plan):
        messages.error(request, _("This action plan can no longer be changed."))
        return redirect("members:plan_workspace", pk=plan.pk)
    return _plan_edit(request, plan.member, plan)


@login_required
def plan_workspace(request, pk):
    plan = queries.plan_with_commitments(pk)
    _require(request.user, "members.edit_member", plan)
    events = plan.events.filter(report=None).select_related("actor")
    return render(
        request,
        "members/plan_workspace.html",
        {
            "plan": plan,
            "member": plan.member,
            "events": events,
            "problems": domain.plan_problems(plan)
            if plan.status in (Status.DRAFT, Status.RETURNED)
            else [],
            "can_change": request.user.has_perm("members.change_plan", plan),
        },
    )


@login_required
@require_POST
def plan_submit(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    _require(request.user, "members.edit_member", plan)
    try:
        domain.submit_plan(plan=plan, by=request.user)
    except MemberError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The action plan was submitted to OGP for review."))
    return redirect("members:plan_workspace", pk=plan.pk)


@login_required
def milestones_edit(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("plan__member"), pk=pk)
    _require(request.user, "members.edit_member", commitment)
    plan = commitment.plan
    formset = MilestoneFormSet(request.POST or None, instance=commitment, prefix="milestones")
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
                domain.ensure_editable(obj=locked, user=request.user)
                formset.save()
                domain.check_milestone_total(commitment=commitment)
        except MemberError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The milestones were saved."))
            return redirect("members:plan_workspace", pk=plan.pk)
    return render(
        request,
        "members/milestones_form.html",
        {"commitment": commitment, "plan": plan, "member": plan.member, "formset": formset},
    )


@login_required
def milestone_done(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.select_related("commitment__plan__member"), pk=pk
    )
    _require(request.user, "members.track_milestone", milestone)
    form = MilestoneDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.mark_milestone_done(milestone=milestone, by=request.user, **form.cleaned_data)
        except MemberError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The milestone is marked done."))
            return redirect("members:plan_workspace", pk=milestone.commitment.plan_id)
    return render(
        request,
        "members/milestone_done.html",
        {"milestone": milestone, "form": form, "plan": milestone.commitment.plan},
    )


@login_required
def report_edit(request, pk):
    """Write (or go on writing) the end-of-commitment report of commitment ``pk``."""
    commitment = get_object_or_404(Commitment.objects.select_related("plan__member"), pk=pk)
    _require(request.user, "members.edit_member", commitment)
    report = EndOfCommitmentReport.objects.filter(commitment=commitment).first()
    try:
        domain.ensure_report_allowed(commitment=commitment, user=request.user)
    except MemberError as error:
        messages.error(request, error.message)
        if report is not None:
            return redirect("members:report_workspace", pk=report.pk)
        return redirect("members:plan_workspace", pk=commitment.plan_id)
    instance = report or EndOfCommitmentReport(commitment=commitment)
    form = ReportForm(request.POST or None, instance=instance)
    formset = EvidenceFormSet(request.POST or None, instance=instance, prefix="evidence")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                domain.ensure_report_allowed(commitment=commitment, user=request.user)
                report = form.save()
                report = type(report).objects.select_for_update().get(pk=report.pk)
                formset.instance = report
                formset.save()
                domain.check_evidence_total(report=report)
        except MemberError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The report was saved."))
            return redirect("members:report_workspace", pk=report.pk)
    return render(
        request,
        "members/report_form.html",
        {"commitment": commitment, "form": form, "formset": formset, "plan": commitment.plan},
    )


@login_required
def report_workspace(request, pk):
    report = get_object_or_404(
        EndOfCommitmentReport.objects.select_related("commitment__plan__member").prefetch_related(
            "evidence"
        ),
        pk=pk,
    )
    _require(request.user, "members.edit_member", report)
    events = report.events.select_related("actor")
    return render(
        request,
        "members/report_workspace.html",
        {
            "report": report,
            "events": events,
            "can_change": request.user.has_perm("members.change_report", report),
        },
    )


@login_required
@require_POST
def report_submit(request, pk):
    report = get_object_or_404(EndOfCommitmentReport, pk=pk)
    _require(request.user, "members.edit_member", report)
    try:
        domain.submit_report(report=report, by=request.user)
    except MemberError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was submitted to OGP for review."))
    return redirect("members:report_workspace", pk=report.pk)
