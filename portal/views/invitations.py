"""The invitee's page of an editor invitation, for an application or a member: one view over
the one invitation flow (applications.invitations.Flow)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def accept_page(request, token, *, flow, template, joined):
    """Show what the invitation is to, and accept it on POST. A dead link is a 410, a refusal
    (another account) a 403, each saying why. ``joined(target)`` gives the message and the
    page to go to once the person is an editor."""
    try:
        invitation = flow.find(token)
    except flow.refusal as error:
        return render(
            request, "applications/invitation_invalid.html", {"reason": error.message}, status=410
        )
    if request.method == "POST":
        try:
            target = flow.accept(token=token, user=request.user)
        except flow.refusal as error:
            return render(
                request,
                "applications/invitation_invalid.html",
                {"reason": error.message},
                status=403,
            )
        message, destination = joined(target)
        messages.success(request, message)
        return redirect(destination)
    return render(request, template, {"invitation": invitation})


def withdraw_and_say(request, *, flow, invitation):
    """Withdraw ``invitation`` for the signed-in editor and say what happened, either way."""
    try:
        flow.withdraw(invitation=invitation, by=request.user)
    except flow.refusal as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
