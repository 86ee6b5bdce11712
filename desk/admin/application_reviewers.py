"""The reviewers of an application, on its page: who is assigned, their review, the kinds of
conflict of interest that hold, when and by whom; a coordinator adds one with a search box and
removes one after a confirmation.

Each of these is its own small POST (``assign_reviewer``, ``remove_reviewer``), not part of
the page's form, which saves the application's contact details: an assignment is made or
taken back at once, through the review domain's rules (reviews.domain.assign_reviewer,
unassign_reviewer), and written to the application's history as the admin writes a change.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from calls.formatting import with_time_zone
from common.row_urls import row_url
from reviews import domain as review_domain
from reviews.conflicts import LABELS
from reviews.exceptions import AssignmentRefused
from reviews.models import Assignment

from ..forms import ReviewerAssignmentForm

PANEL_ID = "reviewers-panel"


def reviewers_section(request, application, assignments, *, admin_site):
    """{"reviewer_rows": [...], "assign_form", "assign_url"} from the application's
    ``assignments`` (reviews.queries.assignments_with_reviews, read once for the page, and only
    for a coordinator: desk.views.review_context); {} without them (reviewers do not see who
    else reviews)."""
    if assignments is None:
        return {}
    return {
        "reviewer_rows": [_row(assignment, application, admin_site) for assignment in assignments],
        "assign_form": ReviewerAssignmentForm(admin_site=admin_site),
        "assign_url": reverse(
            f"{admin_site.name}:applications_application_assign", args=[application.pk]
        ),
    }


def _row(assignment, application, admin_site):
    review = getattr(assignment, "review", None)
    return {
        "reviewer": assignment.reviewer,
        "reviewer_url": row_url("admin:accounts_user_change", assignment.reviewer_id),
        "review": review.get_status_display() if review else gettext("Not started"),
        "conflict": ", ".join(str(LABELS[kind]) for kind in assignment.conflict_kinds),
        "assigned": gettext("%(when)s by %(who)s")
        % {
            "when": with_time_zone(assignment.assigned_at, "SHORT_DATETIME_FORMAT"),
            "who": assignment.assigned_by or "–",
        },
        # A submitted review keeps its reviewer (reviews.domain.unassign_reviewer).
        "remove_url": ""
        if review is not None and review.is_submitted
        else reverse(
            f"{admin_site.name}:applications_application_unassign",
            args=[application.pk, assignment.pk],
        ),
    }


def _coordinated_application(model_admin, request, object_id):
    """The application, for a coordinator: 404 if this user may not see it, 403 if they may
    see it but not assign its reviewers."""
    application = model_admin.get_object(request, unquote(object_id))
    if application is None or not model_admin.has_view_permission(request, application):
        raise Http404
    if not model_admin.has_change_permission(request, application):
        raise PermissionDenied
    return application


def _page_url(model_admin, application):
    opts = model_admin.opts
    return reverse(
        f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
        args=[application.pk],
    )


def _back_to_panel(model_admin, application):
    return redirect(f"{_page_url(model_admin, application)}#{PANEL_ID}")


@require_POST
def assign_reviewer(request, object_id, *, model_admin):
    application = _coordinated_application(model_admin, request, object_id)
    form = ReviewerAssignmentForm(request.POST, admin_site=model_admin.admin_site)
    if not form.is_valid():
        for error in form.errors.get("reviewer", []):
            messages.error(request, error)
        return _back_to_panel(model_admin, application)
    try:  # the domain's rules, asked once, refuse with their reason
        assignment = review_domain.assign_reviewer(
            application=application,
            reviewer=form.cleaned_data["reviewer"],
            assigned_by=request.user,
        )
    except AssignmentRefused as refusal:
        messages.error(request, str(refusal))
        return _back_to_panel(model_admin, application)
    message = gettext("%(reviewer)s now reviews %(reference)s.")
    _recorded(request, model_admin, assignment, "added", message)
    return _back_to_panel(model_admin, application)


def remove_reviewer(request, object_id, assignment_id, *, model_admin):
    """GET: what removing the reviewer means (a draft review goes with them); POST: remove."""
    application = _coordinated_application(model_admin, request, object_id)
    try:
        assignment = (
            Assignment.objects.select_related("reviewer", "review")
            .filter(application=application)
            .get(pk=int(assignment_id))
        )
    except (Assignment.DoesNotExist, ValueError):
        raise Http404 from None
    assignment.application = application  # already read
    review = getattr(assignment, "review", None)
    if request.method == "POST":
        try:
            review_domain.unassign_reviewer(assignment=assignment, by=request.user)
        except AssignmentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            message = gettext("%(reviewer)s no longer reviews %(reference)s.")
            _recorded(request, model_admin, assignment, "deleted", message)
        return _back_to_panel(model_admin, application)
    opts = model_admin.opts
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": application,
        "assignment": assignment,
        "review": review,
        "title": _("Remove a reviewer"),
        "change_url": _page_url(model_admin, application),
    }
    return TemplateResponse(request, "desk/remove_reviewer.html", context)


def _recorded(request, model_admin, assignment, change, message):
    """Write the change to the application's history as the admin writes an inline's
    (``change``: "added" or "deleted"), and tell the coordinator ``message``."""
    application = assignment.application
    logged = {"name": str(Assignment._meta.verbose_name), "object": str(assignment)}
    model_admin.log_change(request, application, [{change: logged}])
    messages.success(
        request, message % {"reviewer": assignment.reviewer, "reference": application.reference}
    )
