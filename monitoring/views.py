"""The Monitoring Body's pages, the member's editors' comments on a draft assessment, and the
public pages of published assessments.

Thin: find the object (a 404 for what the user may not see), check the permission, call the
domain, render. A refusal's message is shown on the page; nothing typed is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.models import ActionPlan, Commitment
from publication.spreadsheets import csv_response

from . import domain, process, queries, records
from .enums import AssessmentKind
from .exceptions import MemberError
from .forms import (
    AssessmentCommentForm,
    AssessmentEvidenceFormSet,
    EndOfCommitmentAssessmentForm,
    InceptionAssessmentForm,
)
from .models import EndOfCommitmentAssessment, InceptionAssessment


def _require(user, permission, obj):
    if not user.has_perm(permission, obj):
        raise Http404


# The Monitoring Body --------------------------------------------------------------------------


@login_required
@require_GET
def workspace(request):
    return render(
        request,
        "monitoring/workspace.html",
        {"members": queries.monitored_members(request.user)},
    )


@login_required
def member(request, pk):
    """What the monitor reads: the member's plans, commitments, milestones and evidence, and
    where each assessment stands."""
    member = queries.monitored_member(pk, request.user)
    return render(
        request,
        "monitoring/member.html",
        {"member": member, "status": process.process_status(member)},
    )


@login_required
def invitation_accept(request, token):
    try:
        invitation = domain.find_monitor_invitation(token)
    except MemberError as error:
        return render(
            request, "applications/invitation_invalid.html", {"reason": error.message}, status=410
        )
    if request.method == "POST":
        try:
            monitor = domain.accept_monitor_invitation(token=token, user=request.user)
        except MemberError as error:
            return render(
                request,
                "applications/invitation_invalid.html",
                {"reason": error.message},
                status=403,
            )
        messages.success(
            request,
            _("You now belong to the Monitoring Body of %(member)s.")
            % {"member": invitation.body.member.name},
        )
        return redirect("monitoring:member", pk=monitor.body.member_id)
    return render(request, "monitoring/invitation_accept.html", {"invitation": invitation})


def _refused(request, error, *, existing, back):
    messages.error(request, error.message)
    if existing is not None:
        return redirect("monitoring:assessment_workspace", kind=existing.kind, pk=existing.pk)
    return redirect(*back)


@login_required
def inception_edit(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("member"), pk=pk)
    _require(request.user, "monitoring.monitor_member", plan)
    existing = InceptionAssessment.objects.filter(plan=plan).first()
    try:
        domain.ensure_can_assess(user=request.user, plan=plan)
    except MemberError as error:
        return _refused(
            request, error, existing=existing, back=("monitoring:member", plan.member_id)
        )
    form = InceptionAssessmentForm(
        request.POST or None, instance=existing or InceptionAssessment(plan=plan)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                domain.ensure_can_assess(user=request.user, plan=plan)
                assessment = form.save()
                if existing is None:
                    domain.record_started(assessment=assessment, by=request.user)
        except MemberError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(
                "monitoring:assessment_workspace", kind=assessment.kind, pk=assessment.pk
            )
    return render(
        request,
        "monitoring/inception_form.html",
        {"plan": plan, "member": plan.member, "form": form},
    )


@login_required
def end_of_commitment_edit(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("plan__member"), pk=pk)
    _require(request.user, "monitoring.monitor_member", commitment)
    existing = EndOfCommitmentAssessment.objects.filter(commitment=commitment).first()
    try:
        domain.ensure_can_assess(user=request.user, commitment=commitment)
    except MemberError as error:
        return _refused(
            request,
            error,
            existing=existing,
            back=("monitoring:member", commitment.plan.member_id),
        )
    instance = existing or EndOfCommitmentAssessment(commitment=commitment)
    form = EndOfCommitmentAssessmentForm(request.POST or None, instance=instance)
    formset = AssessmentEvidenceFormSet(request.POST or None, instance=instance, prefix="evidence")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                domain.ensure_can_assess(user=request.user, commitment=commitment)
                assessment = form.save()
                formset.instance = assessment
                formset.save()
                if existing is None:
                    domain.record_started(assessment=assessment, by=request.user)
        except MemberError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(
                "monitoring:assessment_workspace", kind=assessment.kind, pk=assessment.pk
            )
    return render(
        request,
        "monitoring/end_of_commitment_form.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
            "form": form,
            "formset": formset,
        },
    )


# Monitors and the member's editors ------------------------------------------------------------


@login_required
def assessment_workspace(request, kind, pk):
    assessment = queries.assessment(kind, pk)
    _require(request.user, "monitoring.follow_assessment", assessment)
    user = request.user
    return render(
        request,
        "monitoring/assessment_workspace.html",
        {
            "assessment": assessment,
            "member": assessment.member,
            "events": assessment.events.select_related("actor"),
            "is_monitor": user.has_perm("monitoring.monitor_member", assessment),
            "can_write": user.has_perm("monitoring.write_assessment", assessment),
            "can_comment": user.has_perm("monitoring.comment_assessment", assessment),
            "comment_form": AssessmentCommentForm(),
        },
    )


@login_required
@require_POST
def assessment_comment(request, kind, pk):
    assessment = queries.assessment(kind, pk)
    _require(request.user, "monitoring.comment_as_member", assessment)
    form = AssessmentCommentForm(request.POST)
    if form.is_valid():
        try:
            domain.comment_on_assessment(
                assessment=assessment, by=request.user, comment=form.cleaned_data["comment"]
            )
        except MemberError as error:
            form.add_error("comment", error.message)
        else:
            messages.success(request, _("Your comment was sent to the Monitoring Body."))
            return redirect("monitoring:assessment_workspace", kind=kind, pk=pk)
    return render(
        request,
        "monitoring/assessment_workspace.html",
        {
            "assessment": assessment,
            "member": assessment.member,
            "events": assessment.events.select_related("actor"),
            "can_write": False,
            "can_comment": request.user.has_perm("monitoring.comment_assessment", assessment),
            "comment_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def assessment_file(request, kind, pk):
    assessment = queries.assessment(kind, pk)
    _require(request.user, "monitoring.monitor_member", assessment)
    try:
        domain.file_assessment(assessment=assessment, by=request.user)
    except MemberError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The assessment was filed with the OGP Support Unit."))
    return redirect("monitoring:assessment_workspace", kind=kind, pk=pk)


# Public ---------------------------------------------------------------------------------------


def assessment_page(request, member, kind, pk):
    assessment = queries.assessment(kind, pk, member_id=member)
    _require(request.user, "monitoring.view_assessment", assessment)
    template = (
        "monitoring/inception_page.html"
        if kind == AssessmentKind.INCEPTION
        else "monitoring/end_of_commitment_page.html"
    )
    return render(request, template, {"assessment": assessment, "member": assessment.member})


def assessments_json(request):
    return JsonResponse(
        {
            "schema_version": records.SCHEMA_VERSION,
            "assessments": records.assessment_records(request.build_absolute_uri),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def assessments_csv(request):
    return csv_response(
        "ogp-local-assessments.csv",
        records.ASSESSMENT_COLUMNS,
        (
            records.csv_row(record)
            for record in records.assessment_records(request.build_absolute_uri)
        ),
    )
