"""Applicant pages. Each view: find the object the user may see (else 404), check the
permission, call the domain, render. Refusals come back as messages, never lost input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import changes, domain, queries
from applications import editors as application_editors
from applications.checklist import build_checklist
from applications.enums import ApplicationStatus, EditorRole
from applications.exceptions import (
    ApplicationError,
    DuplicateApplication,
    EditConflict,
    SubmissionRefused,
)
from applications.forms import (
    ApplicationDetailsForm,
    GovernmentForm,
    InviteEditorForm,
    PartnerForm,
    PartnerOrganisationForm,
    SectionForm,
    StartApplicationForm,
    SubmitForm,
)
from applications.models import Application, ApplicationEditor, EditorInvitation, Partner
from applications.templatetags.guide import checklist_message_tag
from calls.models import Call, Section
from letters.queries import current_letters

from .invitations import accept_page, withdraw_and_say


def get_application(request, reference):
    """The application if the user is one of its editors; anyone else gets a 404."""
    application = queries.application_for_user(request.user, reference)
    if application is None or not request.user.has_perm(
        "applications.see_application", application
    ):
        raise Http404
    return application


def saved(request, application, text):
    """Say what was saved; the page it leads to adds what the checklist still misses
    (``{% message_text %}``), from the checklist it builds for its own guide: a save does not
    build one for its message only (issue 25)."""
    messages.success(request, text, extra_tags=checklist_message_tag(application))


def refuse(request, application, error):
    messages.error(request, error.message)
    return redirect(application)


@login_required
def dashboard(request):
    return render(
        request,
        "applications/dashboard.html",
        {
            "applications": queries.applications_for_dashboard(request.user),
            "open_calls": Call.objects.open().order_by("closes_at"),
        },
    )


@login_required
def application_start(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = StartApplicationForm(
        request.POST or None, call=call, initial={"language": get_language()}
    )
    access_request = None
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        try:
            application = domain.start_application(
                call=call,
                user=request.user,
                lead_government=form.save(commit=False),
                language=language,
            )
        except DuplicateApplication as error:
            form.add_error("name", error.message)
            # Remembered here, not put in the page: the button asks the owners of this one.
            request.session["access_request"] = error.application.pk
            access_request = error.application.lead_government.name
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Application %(reference)s created. Work through the checklist below.")
                % {"reference": application.reference},
            )
            return redirect(application)
    return render(
        request,
        "applications/application_start.html",
        {"call": call, "form": form, "access_request": access_request},
    )


@login_required
@require_POST
def ask_for_access(request, slug):
    """Ask the owners of the government's existing application to invite the user."""
    call = get_object_or_404(Call, slug=slug)
    application = Application.objects.filter(
        pk=request.session.pop("access_request", None), call=call
    ).first()
    if application is None:
        return redirect("application_start", slug=slug)
    application_editors.request_editor_access(
        application=application,
        user=request.user,
        invite_url=request.build_absolute_uri(
            reverse("editor_invite", kwargs={"reference": application.reference})
        ),
    )
    messages.success(
        request,
        _(
            "We asked the owners of the application of %(government)s to invite you. You will "
            "get an e-mail when they do."
        )
        % {"government": application.lead_government.name},
    )
    return redirect("dashboard")


@login_required
def application_detail(request, reference):
    application = get_application(request, reference)
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "checklist": build_checklist(application),
            "sections": queries.sections_with_answers(application),
            "partners": queries.partners_of(application),
            "letters": current_letters(application),
            "editors": queries.editors_of(application),
            "events": application.events.select_related("actor")[:10],
            "can_edit": request.user.has_perm(
                "applications.change_application_content", application
            ),
            "can_withdraw": request.user.has_perm("applications.withdraw_application", application),
        },
    )


def _locked_redirect(request, application):
    try:
        domain.ensure_editable(application)
    except ApplicationError as error:
        return refuse(request, application, error)
    return None


@login_required
def application_details(request, reference):
    application = get_application(request, reference)
    if locked := _locked_redirect(request, application):
        return locked
    details_form = ApplicationDetailsForm(
        request.POST or None,
        instance=application,
        prefix="details",
        initial={"version": application.version},
    )
    government_form = GovernmentForm(
        request.POST or None, instance=application.lead_government, prefix="government"
    )
    if request.method == "POST" and details_form.is_valid() and government_form.is_valid():
        details = {
            name: details_form.cleaned_data[name] for name in domain.APPLICATION_DETAIL_FIELDS
        }
        government = {name: government_form.cleaned_data[name] for name in domain.GOVERNMENT_FIELDS}
        try:
            domain.update_application_details(
                application=application,
                details=details,
                government=government,
                version=details_form.cleaned_data["version"],
                user=request.user,
            )
        except ApplicationError as error:
            details_form.add_error(None, error.message)
        else:
            saved(request, application, _("Details saved."))
            return redirect(application)
    return render(
        request,
        "applications/application_details.html",
        {
            "application": application,
            "details_form": details_form,
            "government_form": government_form,
        },
    )


@login_required
def section_edit(request, reference, section_id):
    application = get_application(request, reference)
    section = get_object_or_404(Section, pk=section_id, call_id=application.call_id)
    if locked := _locked_redirect(request, application):
        return locked
    questions = list(section.questions.active().order_by("position", "id"))
    version = domain.section_version(application, section)
    form = SectionForm(
        request.POST or None,
        questions=questions,
        answers=queries.answers_by_question(application),
        initial={"version": version},
        language=application.language,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_section(
                application=application,
                section=section,
                answers=form.answers(),
                version=form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as error:
            conflict = True
            form.add_error(None, error.message)
        except ApplicationError as error:
            return refuse(request, application, error)
        else:
            # Only answers changed: the application already in hand is up to date.
            saved(request, application, _("“%(section)s” saved.") % {"section": section.title})
            return redirect(_next_step(application, section))
    return render(
        request,
        "applications/section_edit.html",
        {"application": application, "section": section, "form": form, "conflict": conflict},
    )


def _next_step(application, section):
    following = (
        Section.objects.filter(call_id=application.call_id, position__gt=section.position)
        .order_by("position", "id")
        .first()
    )
    if following:
        return reverse(
            "section_edit", kwargs={"reference": application.reference, "section_id": following.pk}
        )
    return application.get_absolute_url()


@login_required
def partner_add(request, reference):
    application = get_application(request, reference)
    if locked := _locked_redirect(request, application):
        return locked
    organisation_form = PartnerOrganisationForm(
        request.POST or None,
        prefix="organisation",
        initial={"country": application.lead_government.country},
    )
    partner_form = PartnerForm(request.POST or None, prefix="partner")
    if request.method == "POST" and organisation_form.is_valid() and partner_form.is_valid():
        try:
            domain.add_partner(
                application=application,
                organisation=organisation_form.save(commit=False),
                user=request.user,
                **partner_form.cleaned_data,
            )
        except ApplicationError as error:
            return refuse(request, application, error)
        saved(
            request,
            application,
            _("%(name)s added as a partner.") % {"name": organisation_form.cleaned_data["name"]},
        )
        return redirect(application)
    return render(
        request,
        "applications/partner_form.html",
        {
            "application": application,
            "organisation_form": organisation_form,
            "partner_form": partner_form,
            "title": _("Add a consortium partner"),
        },
    )


def _get_partner(application, partner_id):
    return get_object_or_404(
        Partner.objects.select_related("organisation"), pk=partner_id, application=application
    )


@login_required
def partner_edit(request, reference, partner_id):
    application = get_application(request, reference)
    partner = _get_partner(application, partner_id)
    if locked := _locked_redirect(request, application):
        return locked
    organisation_form = PartnerOrganisationForm(
        request.POST or None, instance=partner.organisation, prefix="organisation"
    )
    partner_form = PartnerForm(request.POST or None, instance=partner, prefix="partner")
    if request.method == "POST" and organisation_form.is_valid() and partner_form.is_valid():
        partner = partner_form.save(commit=False)
        partner.organisation = organisation_form.save(commit=False)
        try:
            domain.update_partner(partner=partner, user=request.user)
        except ApplicationError as error:
            return refuse(request, application, error)
        saved(request, application, _("Partner saved."))
        return redirect(application)
    return render(
        request,
        "applications/partner_form.html",
        {
            "application": application,
            "organisation_form": organisation_form,
            "partner_form": partner_form,
            "partner": partner,
            "title": _("Edit %(name)s") % {"name": partner.organisation.name},
        },
    )


@login_required
def partner_remove(request, reference, partner_id):
    application = get_application(request, reference)
    partner = _get_partner(application, partner_id)
    if locked := _locked_redirect(request, application):
        return locked
    if request.method == "POST":
        name = partner.organisation.name
        try:
            domain.remove_partner(partner=partner, user=request.user)
        except ApplicationError as error:
            return refuse(request, application, error)
        messages.success(request, _("%(name)s removed from the partners.") % {"name": name})
        return redirect(application)
    return render(
        request,
        "applications/partner_remove.html",
        {"application": application, "partner": partner},
    )


@login_required
def editor_invite(request, reference):
    application = get_application(request, reference)
    if locked := _locked_redirect(request, application):
        return locked
    form = InviteEditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_editors.invite_editor(
                application=application,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                accept_url_for=lambda token: request.build_absolute_uri(
                    reverse("editor_invitation_accept", kwargs={"token": token})
                ),
            )
        except ApplicationError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(application)
    return render(
        request,
        "applications/editor_invite.html",
        {
            "application": application,
            "form": form,
            "pending": application.editor_invitations.pending(),
        },
    )


@login_required
def editors(request, reference):
    """Who edits the application and who is invited; owners remove editors, an editor may
    leave, any editor withdraws an invitation. Open whatever the status: a wrong address or a
    colleague who left must be taken off even after submission."""
    application = get_application(request, reference)
    people = list(queries.editors_of(application))
    is_owner = any(
        editor.user_id == request.user.pk and editor.role == EditorRole.OWNER for editor in people
    )
    for editor in people:
        editor.removable = is_owner or editor.user_id == request.user.pk
    return render(
        request,
        "applications/editors.html",
        {
            "application": application,
            "editors": people,
            "pending": application.editor_invitations.pending().order_by("-created_at", "-id"),
            "can_invite": request.user.has_perm("applications.invite_editor", application),
        },
    )


@login_required
@require_POST
def editor_remove(request, reference, editor_id):
    application = get_application(request, reference)
    editor = get_object_or_404(
        ApplicationEditor.objects.select_related("user", "application"),
        pk=editor_id,
        application=application,
    )
    try:
        application_editors.remove_editor(editor=editor, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("editors", reference=application.reference)
    if editor.user_id == request.user.pk:
        messages.success(
            request,
            _("You are no longer an editor of %(reference)s.")
            % {"reference": application.reference},
        )
        return redirect("dashboard")
    messages.success(
        request,
        _("%(name)s is no longer an editor.")
        % {"name": editor.user.get_full_name() or editor.user.email},
    )
    return redirect("editors", reference=application.reference)


@login_required
@require_POST
def editor_invitation_withdraw(request, reference, invitation_id):
    application = get_application(request, reference)
    invitation = get_object_or_404(
        EditorInvitation.objects.select_related("application"),
        pk=invitation_id,
        application=application,
    )
    withdraw_and_say(request, flow=application_editors.editor_invitations, invitation=invitation)
    return redirect("editors", reference=application.reference)


@login_required
def editor_invitation_accept(request, token):
    return accept_page(
        request,
        token,
        flow=application_editors.editor_invitations,
        template="applications/invitation_accept.html",
        joined=lambda application: (
            _("You are now an editor of %(reference)s.") % {"reference": application.reference},
            application,
        ),
    )


@login_required
def application_submit(request, reference):
    application = get_application(request, reference)
    checklist = build_checklist(application)
    form = SubmitForm(request.POST or None)
    reasons = []
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if application.status == ApplicationStatus.CHANGES_REQUESTED:
                    changes.resubmit(
                        application=application,
                        user=request.user,
                        acknowledge_term_warning=form.cleaned_data["acknowledge_term_warning"],
                        publication_consent=form.cleaned_data["publication_consent"],
                    )
                else:
                    domain.submit_application(
                        application=application,
                        user=request.user,
                        acknowledge_term_warning=form.cleaned_data["acknowledge_term_warning"],
                        publication_consent=form.cleaned_data["publication_consent"],
                    )
        except SubmissionRefused as error:
            reasons = error.reasons
        else:
            messages.success(
                request,
                _(
                    "Application %(reference)s submitted. A confirmation is on its way to every editor."
                )
                % {"reference": application.reference},
            )
            return redirect(application)
    return render(
        request,
        "applications/application_submit.html",
        {
            "application": application,
            "checklist": checklist,
            "form": form,
            "reasons": reasons,
            "problems": domain.submission_problems(application, acknowledge_term_warning=True),
        },
    )


@login_required
def application_withdraw(request, reference):
    application = get_application(request, reference)
    if not request.user.has_perm("applications.withdraw_application", application):
        messages.error(
            request, _("Only an owner can withdraw this application, before the deadline.")
        )
        return redirect(application)
    if request.method == "POST":
        try:
            domain.withdraw_application(application=application, user=request.user)
        except ApplicationError as error:
            return refuse(request, application, error)
        messages.success(
            request,
            _("Application %(reference)s withdrawn.") % {"reference": application.reference},
        )
        return redirect("dashboard")
    return render(request, "applications/application_withdraw.html", {"application": application})
