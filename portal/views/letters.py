"""Letter pages: the editors' letters page, uploads, downloads, and the invitee's upload page."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.exceptions import ApplicationError
from letters import domain, queries
from letters.checklist import application_letter_items
from letters.files import letter_file_response
from letters.forms import InviteeLetterForm, LetterDetailsForm, LetterFileForm, LetterInvitationForm
from letters.models import Letter, LetterInvitation
from letters.reading import propose_details
from letters.sandbox import SandboxBusy, inspect_letter_isolated
from letters.tokens import invitation_from_token, invitation_token
from letters.validation import LetterRefused
from mailings import outbox

from .applications import get_application


def read_upload(upload) -> bytes:
    """At most one byte more than the limit, so an oversized file is refused without reading it all."""
    return upload.read(settings.LETTER_MAX_BYTES + 1)


def answer_busy(view):
    """A page whose upload found every letter-checking child busy is answered 503 with
    Retry-After (the form shows why and keeps what was typed)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        busy = getattr(request, "letter_sandbox_busy", None)
        if busy is not None and response.status_code == 200:
            response.status_code = 503
            response["Retry-After"] = str(busy.retry_after)
        return response

    return wrapper


def refuse_upload(request, form, refusal):
    form.add_error("file", refusal.message)
    if isinstance(refusal, SandboxBusy):
        request.letter_sandbox_busy = refusal


def offer_reading(form, url):
    """The page's script sends the chosen file to ``url`` and fills the fields it proposes."""
    form.fields["file"].widget.attrs["data-read-url"] = url
    return form


def read_letter_response(request, *, invitation=None):
    """Propose the form's fields from an uploaded letter (JSON), or say why it is refused.
    Reading costs what an upload costs, so it counts in the same hourly rate."""
    form = LetterFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(form.errors.get("file", []))}, status=400)
    try:
        domain.check_upload_rate(uploaded_by=request.user, invitation=invitation)
    except domain.QuotaReached as refusal:
        return JsonResponse({"error": refusal.message}, status=429)
    try:
        inspected = inspect_letter_isolated(read_upload(form.cleaned_data["file"]))
    except SandboxBusy as busy:
        answer = JsonResponse({"error": busy.message}, status=503)
        answer["Retry-After"] = str(busy.retry_after)
        return answer
    except LetterRefused as refusal:
        return JsonResponse({"error": refusal.message}, status=400)
    proposal = propose_details(inspected)
    return JsonResponse({**proposal, "message": proposal_message(proposal["sources"])})


def proposal_message(sources):
    if not sources:
        return _("Nothing could be read from this letter; please fill in the fields.")
    from_signature = "signature" in sources.values()
    from_text = "text" in sources.values()
    if from_signature and from_text:
        return _(
            "Filled in from the letter's digital signature and its text. Please check each "
            "field before you send."
        )
    if from_signature:
        return _("Filled in from the letter's digital signature. Please check before you send.")
    return _("Filled in from the letter's text. Please check each field before you send.")


@login_required
@require_POST
def letter_read(request, reference):
    get_application(request, reference)  # editors only; anyone else gets a 404
    return read_letter_response(request)


@require_POST
def invitation_letter_read(request, token):
    invitation = invitation_from_token(token)
    if invitation is None or domain.invitation_problem(invitation):
        raise Http404
    return read_letter_response(request, invitation=invitation)


def invitation_link(request, invitation):
    return request.build_absolute_uri(
        reverse("letter_invitation", kwargs={"token": invitation_token(invitation)})
    )


@login_required
@answer_busy
def letters_manage(request, reference):
    application = get_application(request, reference)
    can_edit = request.user.has_perm("applications.change_application_content", application)
    upload_form = LetterDetailsForm(application=application, prefix="letter")
    read_url = reverse("letter_read", kwargs={"reference": application.reference})
    invite_form = LetterInvitationForm(prefix="invite")
    if request.method == "POST" and can_edit:
        if "invite" in request.POST:
            invite_form = LetterInvitationForm(request.POST, prefix="invite")
            if invite_form.is_valid():
                return _invite(request, application, invite_form)
        else:
            upload_form = LetterDetailsForm(
                request.POST, request.FILES, application=application, prefix="letter"
            )
            if upload_form.is_valid():
                response = _upload(request, application, upload_form)
                if response:
                    return response
    return render(
        request,
        "letters/manage.html",
        {
            "application": application,
            "can_edit": can_edit,
            "requirements": application_letter_items(application),
            "letters": queries.current_letters(application),
            "history": queries.past_letters(application),
            "invitations": [
                (invitation, invitation_link(request, invitation))
                for invitation in queries.invitations_of(application)
            ],
            "upload_form": offer_reading(upload_form, read_url),
            "invite_form": invite_form,
        },
    )


def _invite(request, application, form):
    try:
        invitation = domain.invite_letter_author(
            application=application,
            invited_by=request.user,
            link_for=lambda token: request.build_absolute_uri(
                reverse("letter_invitation", kwargs={"token": token})
            ),
            **form.cleaned_data,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Invitation sent to %(organisation)s (%(email)s).")
            % {"organisation": invitation.organisation_name, "email": invitation.email},
        )
    return redirect("letters_manage", reference=application.reference)


def _upload(request, application, form):
    """Store the letter, or put the refusal on the form and return None (the form keeps its data)."""
    upload = form.cleaned_data["file"]
    try:
        letter = domain.receive_letter(
            application=application,
            data=read_upload(upload),
            filename=upload.name,
            details=form.details(),
            uploaded_by=request.user,
        )
    except (LetterRefused, domain.QuotaReached) as refusal:
        refuse_upload(request, form, refusal)
        return None
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(application)
    messages.success(
        request, _("Letter from %(author)s received.") % {"author": letter.author_organisation}
    )
    return redirect("letters_manage", reference=application.reference)


@login_required
@require_POST
def invitation_revoke(request, reference, invitation_id):
    application = get_application(request, reference)
    invitation = get_object_or_404(LetterInvitation, pk=invitation_id, application=application)
    try:
        domain.revoke_invitation(invitation=invitation, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation to %(organisation)s was withdrawn; its link no longer works.")
            % {"organisation": invitation.organisation_name},
        )
    return redirect("letters_manage", reference=application.reference)


@login_required
@require_POST
def letter_withdraw(request, reference, letter_id):
    application = get_application(request, reference)
    letter = get_object_or_404(Letter, pk=letter_id, application=application)
    try:
        domain.withdraw_letter(letter=letter, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Letter withdrawn."))
    return redirect("letters_manage", reference=application.reference)


def letter_download(request, reference, letter_id):
    """Editors of the application, and staff allowed to view letters; everyone else gets 404."""
    letter = queries.letter_for_download(request.user, reference, letter_id)
    if letter is None:
        raise Http404
    return letter_file_response(letter)


@answer_busy
def letter_invitation(request, token):
    """The invitee's page: no account, only this invitation's application summary and form."""
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(
            request,
            "letters/invitation_unusable.html",
            {
                "reason": _(
                    "This link is not valid. Check that it was copied whole, or ask for a new one."
                )
            },
            status=404,
        )
    problem = domain.invitation_problem(invitation)
    if problem:
        return render(request, "letters/invitation_unusable.html", {"reason": problem}, status=410)
    current = queries.current_letter_of(invitation)
    form = InviteeLetterForm(request.POST or None, request.FILES or None, invitation=invitation)
    try:  # said before the invitee fills in the form, not after
        domain.check_upload_quota(application=invitation.application, invitation=invitation)
        quota_reached = ""
    except domain.QuotaReached as refusal:
        quota_reached = refusal.message
    if request.method == "POST" and not quota_reached and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            letter = domain.receive_letter(
                application=invitation.application,
                data=read_upload(upload),
                filename=upload.name,
                details=form.details(),
                invitation=invitation,
                replaces=current,
            )
        except (LetterRefused, domain.QuotaReached) as refusal:
            refuse_upload(request, form, refusal)
        except ApplicationError as error:
            return render(
                request, "letters/invitation_unusable.html", {"reason": error.message}, status=410
            )
        else:
            return render(
                request,
                "letters/invitation_thanks.html",
                {
                    "invitation": invitation,
                    "letter": letter,
                    "token": token,
                    "mail_delayed": outbox.mail_delayed(),
                },
            )
    return render(
        request,
        "letters/invitation_upload.html",
        {
            "invitation": invitation,
            "application": invitation.application,
            "partners": invitation.application.partners.select_related("organisation"),
            "current": current,
            "form": offer_reading(form, reverse("invitation_letter_read", kwargs={"token": token})),
            "quota_reached": quota_reached,
        },
    )
