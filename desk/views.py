"""The reviewer's pages inside the admin: the score form and the conflict declaration, plus what
the application's admin page shows about its review. Thin: find the object through the admin's
own (filtered) queryset, check the rule, call the domain, render."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from letters.domain import application_governments, letter_warnings
from letters.queries import current_letters
from reviews import domain, queries
from reviews.exceptions import ConflictRefused, ReviewRefused
from reviews.models import Assignment
from reviews.rules import (
    facts_read_once,
    is_assigned_reviewer,
    remember_assigned,
    why_cannot_score,
)

from .forms import ConflictForm, ScoreForm


def packet_url(application):
    """The packet's download link (the packets app serves it)."""
    try:
        return reverse("packet_download", kwargs={"reference": application.reference})
    except NoReverseMatch:
        return None


def letters_for_review(application):
    """Current letters with what a reviewer should look at twice, and their download links."""
    governments = application_governments(application)
    letters = current_letters(application)
    for letter in letters:
        letter.application = application  # already loaded: no query per letter
        letter.warnings = letter_warnings(letter, governments)
        letter.download_url = reverse(
            "letter_download",
            kwargs={"reference": application.reference, "letter_id": letter.pk},
        )
    return letters


def _own_assignment(user, application, among=None):
    """This user's assignment to the application, with its review: found ``among`` the
    application's assignments when the page has read them all (a coordinator's), else read;
    None without a query's build and run when the review rules already know there is none."""
    if among is not None:
        assignment = next((each for each in among if each.reviewer_id == user.pk), None)
        remember_assigned(user, application, assigned=assignment is not None)
    elif not is_assigned_reviewer.test(user, application):
        return None
    else:
        assignment = Assignment.objects.filter(application=application, reviewer=user)
        assignment = assignment.select_related("review").first()
    if assignment is not None:
        assignment.application = application  # already read, with its call
    return assignment


def review_context(request, application):
    """What the application's admin page shows about its review, for this user. A coordinator
    reads the application's assignments once, with their reviews: its reviewers
    (``assignments``, desk.admin.application_reviewers) and the reviews side by side."""
    user = request.user
    coordinator = user.has_perm("accounts.coordinate")
    assignments = queries.assignments_with_reviews(application) if coordinator else None
    assignment = _own_assignment(user, application, among=assignments)
    own_review = getattr(assignment, "review", None) if assignment else None
    candidacy = getattr(application, "candidacy", None)
    sees_reviews = user.has_perm("reviews.see_other_reviews", application)
    reviews = []
    if coordinator:
        reviews = queries.reviews_among(assignments, include_drafts=True)
    elif sees_reviews:
        reviews = queries.reviews_of(application, include_drafts=False)
        reviews = [review for review in reviews if not review.conflicted]
    criteria = queries.criteria_of(application.call) if reviews else []
    return {
        "is_coordinator": coordinator,
        "candidacy": candidacy,
        "decision": getattr(application, "decision", None) if coordinator else None,
        "assignments": assignments,
        "assignment": assignment,
        "own_review": own_review,
        "scoring_problem": why_cannot_score(user, application) if assignment else None,
        "can_declare_conflict": user.has_perm("reviews.declare_conflict", application),
        "sees_reviews": sees_reviews,
        "reviews": reviews,
        "score_rows": score_rows(criteria, reviews),
        "packet_url": packet_url(application),
        "score_url": reverse("admin:applications_application_score", args=[application.pk]),
        "conflict_url": reverse("admin:applications_application_conflict", args=[application.pk]),
    }


def score_rows(criteria, reviews):
    """[(criterion, [each review's score or None])]: the reviews side by side, per criterion."""
    by_review = [{score.criterion_id: score for score in review.scores.all()} for review in reviews]
    return [
        (criterion, [scores.get(criterion.pk) for scores in by_review]) for criterion in criteria
    ]


def _admin_context(model_admin, request, application, title):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": application,
        "application": application,
        "title": title,
        "change_url": reverse("admin:applications_application_change", args=[application.pk]),
    }


def _reviewable_application(model_admin, request, object_id):
    """The application if this user may read it; 404 otherwise (the admin's own filter first)."""
    application = model_admin.get_object(request, object_id)
    if application is None or not request.user.has_perm("reviews.read_application", application):
        raise Http404
    return application


def score_application(request, object_id, *, model_admin):
    """The reviewer's score form: save a draft as often as needed, then submit once."""
    # The rules below read the same facts (assigned, conflicts, submitted): once each.
    with facts_read_once():
        application = _reviewable_application(model_admin, request, object_id)
        assignment = queries.own_assignment(request.user, application)
        if assignment is None:
            raise Http404
        problem = why_cannot_score(request.user, application)
        can_declare_conflict = request.user.has_perm("reviews.declare_conflict", application)
    criteria = queries.criteria_of(application.call)
    review = getattr(assignment, "review", None)
    if request.method == "POST" and problem is None:
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            arguments = {
                "assignment": assignment,
                "by": request.user,
                "scores": form.scores(),
                "recommendation": form.cleaned_data["recommendation"],
                "summary": form.cleaned_data["summary"],
            }
            try:
                if "_submit" in request.POST:
                    domain.submit_review(**arguments)
                    messages.success(
                        request,
                        _("Your review is submitted. The other reviews are now shown below."),
                    )
                    return redirect("admin:applications_application_change", application.pk)
                domain.save_review(**arguments)
                messages.success(request, _("Your draft is saved. Submit it when it is complete."))
                return redirect("admin:applications_application_score", application.pk)
            except ReviewRefused as refusal:
                form.add_error(None, refusal.message)
    else:
        form = ScoreForm(criteria=criteria, review=review, disabled=problem is not None)
    context = _admin_context(
        model_admin,
        request,
        application,
        _("Review of %(reference)s %(government)s")
        % {"reference": application.reference, "government": application.lead_government.name},
    ) | {
        "form": form,
        "review": review,
        "problem": problem,
        "letters": letters_for_review(application),
        "packet_url": packet_url(application),
        "conflict_url": reverse("admin:applications_application_conflict", args=[application.pk]),
        "can_declare_conflict": can_declare_conflict,
    }
    return TemplateResponse(request, "desk/score_form.html", context)


def declare_conflict(request, object_id, *, model_admin):
    """A reviewer steps aside from an assigned application, giving the reason."""
    application = _reviewable_application(model_admin, request, object_id)
    if not request.user.has_perm("reviews.declare_conflict", application):
        raise Http404
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.declare_conflict(
                application=application,
                reviewer=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ConflictRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Your conflict of interest with %(reference)s is recorded and the "
                    "coordinators have been told. The application is no longer in your list."
                )
                % {"reference": application.reference},
            )
            return redirect("admin:applications_application_changelist")
    context = _admin_context(
        model_admin,
        request,
        application,
        _("Declare a conflict of interest with %(reference)s")
        % {"reference": application.reference},
    ) | {"form": form}
    return TemplateResponse(request, "desk/declare_conflict.html", context)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut (/admin/r/<type>/<id>/), asked like every desk
    page: the object must be one the user may view in its admin (its scoped queryset and its
    view permission), else a 404 that says nothing, not even whether it exists."""
    if not str(content_type_id).isdigit():
        raise Http404
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type is not None else None
    model_admin = admin.site._registry.get(model) if model is not None else None
    if model_admin is None:
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
