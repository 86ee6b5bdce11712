"""The selection committee's room on the desk: each application's discussion, the meeting on a
call (ranking, cohort, shortlist, decisions with reasons, release, minutes) and the call's
charts. Thin: find the object, ask the rule by name, call ``committee.domain``, render.

Served under /admin/committee/ through ``admin.site.admin_view`` (staff with their second
factor, as every desk page).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications.exceptions import ApplicationError
from applications.models import Application
from calls.models import Call
from committee import domain, figures, queries
from committee.cohort import cohort_of
from committee.models import CohortTarget
from reviews.models import Decision

from .admin.changelists import PAGE_SIZES
from .committee_charts import call_charts
from .committee_forms import (
    AttendanceForm,
    CohortPlanForm,
    CommentForm,
    CommitteeDecisionForm,
    committee_people,
)
from .committee_minutes import minutes_pdf
from .committee_rows import prepare_rows

# Rows per page of the meeting, the first by default: a meeting reads a few candidates at a
# time, and each row is a form.
MEETING_PAGE_SIZES = PAGE_SIZES  # as the desk's lists (admin.changelists)


def _context(request, title, **extra):
    return {**admin.site.each_context(request), "title": title, **extra}


# The discussion ---------------------------------------------------------------------------


def discussion(request, application_id):
    """The committee's discussion of one application; a reviewer who may read the application
    but has not submitted their review is told when it opens, and sees nothing of it."""
    application = (
        Application.objects.select_related("lead_government", "call", "decision", "candidacy")
        .filter(pk=application_id, candidacy__isnull=False)
        .first()
    )
    if application is None or not request.user.has_perm("reviews.read_application", application):
        raise Http404
    may_discuss = request.user.has_perm("committee.discuss_application", application)
    form = CommentForm(request.POST or None) if may_discuss else None
    if request.method == "POST":
        if not may_discuss:
            raise PermissionDenied
        if form.is_valid():
            try:
                domain.write_comment(
                    application=application,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    shareable=form.cleaned_data["shareable"],
                )
            except ApplicationError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your comment is added; the others are told."))
                return redirect("committee_discussion", application.pk)
    comments = list(queries.discussion_of(application)) if may_discuss else []
    return TemplateResponse(
        request,
        "desk/committee/discussion.html",
        _context(
            request,
            _("Discussion of %(reference)s") % {"reference": application.reference},
            application=application,
            comments=comments,
            form=form,
            may_discuss=may_discuss,
            change_url=reverse("admin:applications_application_change", args=[application.pk]),
        ),
    )


# The meeting ------------------------------------------------------------------------------


def _meeting_call(request, call_id):
    if not request.user.has_perm("committee.hold_meeting"):
        raise PermissionDenied
    return get_object_or_404(Call, pk=call_id)


@require_GET
def meeting(request, call_id):
    call = _meeting_call(request, call_id)
    size = _page_size(request.GET.get("n"))
    # The order and the cohort cover the whole call: kept until they change (committee.figures).
    order = figures.kept(
        "meeting_order", call, lambda: queries.meeting_order(call), sources=figures.RANKING
    )
    page = Paginator(order, size).get_page(request.GET.get("p"))
    ranks = dict(page.object_list)
    rows = queries.meeting_rows(call, list(ranks))
    prepare_rows(rows, ranks=ranks, urls_of=_row_urls(call))
    today = queries.meetings_of(call).first()
    present = {person.pk for person in today.attendees.all()} if today else set()
    # Plain checkboxes (AttendanceForm reads them): a form's widgets cost more than the page.
    attendance = [
        {
            "pk": str(person.pk),
            "name": person.get_full_name() or person.email,
            "present": person.pk in present,
        }
        for person in committee_people()
    ]
    return TemplateResponse(
        request,
        "desk/committee/meeting.html",
        _context(
            request,
            _("Selection committee meeting: %(call)s") % {"call": call.title},
            call=call,
            page=page,
            rows=rows,
            page_number=str(page.number),
            size=str(size),
            sizes=[str(choice) for choice in MEETING_PAGE_SIZES],
            cohort_html=_kept_html(
                "cohort",
                call,
                "desk/committee/_cohort.html",
                lambda: {"cohort": cohort_of(call)},
                sources=figures.COHORT,
            ),
            meeting=today,
            attendance=attendance,
            unreleased=figures.kept(
                "unreleased",
                call,
                lambda: Decision.objects.filter(
                    application__call=call, released_at__isnull=True
                ).count(),
                sources=figures.DECISIONS,
            ),
        ),
    )


def _kept_html(name, call, template, context, *, sources):
    """``template`` drawn with ``context()``, kept per language until its ``sources`` change
    (committee.figures): the cohort panel groups every candidate of the call and the charts
    read every score. Rendered by the template engine (escaped) before it is kept."""
    html = figures.kept(
        name,
        call,
        lambda: render_to_string(template, context()),
        sources=sources,
        per_language=True,
    )
    return mark_safe(html)  # noqa: S308 (the template's own escaped output)


def _page_size(value):
    return int(value) if value in {str(size) for size in MEETING_PAGE_SIZES} else 25


# A stand-in for the row's application id in URLs reversed once per page, not once per row
# (reverse() cost as much as the rest of a row).
_ROW_ID = 2_147_483_647


def _row_urls(call):
    patterns = {
        "change": reverse("admin:applications_application_change", args=[_ROW_ID]),
        "discussion": reverse("committee_discussion", args=[_ROW_ID]),
        "shortlist": reverse("committee_shortlist", args=[call.pk, _ROW_ID]),
        "decide": reverse("committee_decide", args=[call.pk, _ROW_ID]),
    }
    marker = f"/{_ROW_ID}/"
    return lambda pk: {name: url.replace(marker, f"/{pk}/") for name, url in patterns.items()}


def _back_to_meeting(request, call):
    """Back to the meeting's page the request came from (its number and size)."""
    url = reverse("committee_meeting", args=[call.pk])
    query = {}
    for name in ("p", "n"):
        value = request.POST.get(name) or request.GET.get(name)
        if value and str(value).isdigit():
            query[name] = value
    return redirect(f"{url}?{urlencode(query)}" if query else url)


@require_POST
def meeting_shortlist(request, call_id, application_id):
    call = _meeting_call(request, call_id)
    application = get_object_or_404(
        Application.objects.select_related("decision", "candidacy"), pk=application_id, call=call
    )
    try:
        domain.set_shortlisted(
            application=application,
            shortlisted=request.POST.get("shortlisted") == "1",
            by=request.user,
        )
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
    return _back_to_meeting(request, call)


def meeting_decide(request, call_id, application_id):
    """The committee's decision on one application: outcome, reason, feedback."""
    call = _meeting_call(request, call_id)
    application = get_object_or_404(
        Application.objects.select_related("lead_government", "decision", "candidacy"),
        pk=application_id,
        call=call,
    )
    decision = getattr(application, "decision", None)
    initial = {"feedback": domain.feedback_draft(application)}
    if decision is not None:
        initial = {
            "outcome": decision.outcome,
            "reason": decision.reason,
            "feedback": decision.feedback or initial["feedback"],
        }
    form = CommitteeDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_committee_decision(
                application=application, by=request.user, **form.cleaned_data
            )
        except ApplicationError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The decision on %(reference)s is recorded with its reason.")
                % {"reference": application.reference},
            )
            return _back_to_meeting(request, call)
    return TemplateResponse(
        request,
        "desk/committee/decide.html",
        _context(
            request,
            _("Decision on %(reference)s") % {"reference": application.reference},
            call=call,
            application=application,
            decision=decision,
            form=form,
            shared=list(queries.shareable_comments(application)),
            released=decision is not None and decision.is_released,
        ),
    )


def meeting_targets(request, call_id):
    """The cohort the coordinator aims for: its size, a country's largest share, targets."""
    call = _meeting_call(request, call_id)
    plan = getattr(call, "cohort_plan", None)
    targets = {
        (target.dimension, target.value): target.target
        for target in CohortTarget.objects.filter(call=call)
    }
    form = CohortPlanForm(
        request.POST or None,
        targets=targets,
        initial={
            "size": plan.size if plan else None,
            "max_country_share": plan.max_country_share if plan else 25,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_cohort_plan(
                call=call,
                by=request.user,
                size=form.cleaned_data["size"],
                max_country_share=form.cleaned_data["max_country_share"],
                targets=form.targets(),
            )
        except ApplicationError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The cohort's targets are saved."))
            return _back_to_meeting(request, call)
    return TemplateResponse(
        request,
        "desk/committee/targets.html",
        _context(
            request, _("Cohort targets: %(call)s") % {"call": call.title}, call=call, form=form
        ),
    )


@require_POST
def meeting_attendance(request, call_id):
    call = _meeting_call(request, call_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        domain.record_attendance(
            call=call, attendees=form.cleaned_data["attendees"], by=request.user
        )
        messages.success(request, _("Who is in the meeting is recorded for the minutes."))
    else:
        messages.error(request, _("Choose the people in the meeting from the list."))
    return _back_to_meeting(request, call)


@require_POST
def meeting_release(request, call_id):
    call = _meeting_call(request, call_id)
    try:
        released = domain.release_call_decisions(call=call, by=request.user)
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(count)s decisions are released; the e-mails are on their way.")
            % {"count": len(released)},
        )
    return _back_to_meeting(request, call)


@require_GET
def meeting_minutes(request, call_id):
    call = _meeting_call(request, call_id)
    response = HttpResponse(minutes_pdf(call), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{call.slug}.pdf"'
    return response


@require_GET
def charts(request, call_id):
    call = _meeting_call(request, call_id)
    return TemplateResponse(
        request,
        "desk/committee/charts.html",
        _context(
            request,
            _("Charts: %(call)s") % {"call": call.title},
            call=call,
            charts_html=_kept_html(
                "charts",
                call,
                "desk/committee/_charts_body.html",
                lambda: {"charts": call_charts(call)},
                sources=figures.CHARTS,
            ),
        ),
    )
