"""Editors and editor invitations can be withdrawn, with history; the last owner stays; a
withdrawn invitation's link stops working (issue 10, item 10). And withdrawing an application
decides on the status it reads under the row lock (issue 9)."""

import pytest
from django.urls import reverse

from applications import domain, editors
from applications.enums import ApplicationStatus, EditorRole, EventKind
from applications.exceptions import InvitationInvalid, TransitionNotAllowed
from applications.models import Application, ApplicationEditor, EditorInvitation
from tests.factories import ApplicationFactory, UserFactory, login

pytestmark = pytest.mark.django_db


def invite(application, email, django_capture_on_commit_callbacks, by=None):
    tokens = []
    with django_capture_on_commit_callbacks(execute=True):
        invitation = editors.invite_editor(
            application=application,
            email=email,
            invited_by=by or application.owner_user,
            accept_url_for=lambda token: tokens.append(token) or f"https://portal.test/{token}/",
        )
    return invitation, tokens[0]


def add_editor(application, user=None, role=EditorRole.EDITOR):
    return ApplicationEditor.objects.create(
        application=application, user=user or UserFactory(), role=role
    )


def test_a_withdrawn_invitation_no_longer_opens_the_application(
    client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    invitation, token = invite(application, "wrong@example.org", django_capture_on_commit_callbacks)
    colleague = add_editor(application).user

    login(client, colleague)
    response = client.post(
        reverse(
            "editor_invitation_withdraw",
            kwargs={"reference": application.reference, "invitation_id": invitation.pk},
        )
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    event = application.events.get(kind=EventKind.EDITOR_INVITATION_WITHDRAWN)
    assert (event.actor, event.detail, event.data) == (
        colleague,
        "wrong@example.org",
        {"invitation": invitation.pk},
    )
    stranger = UserFactory(email="wrong@example.org")
    login(client, stranger)
    page = client.get(reverse("editor_invitation_accept", kwargs={"token": token}))
    assert page.status_code == 410
    with pytest.raises(InvitationInvalid):
        editors.accept_editor_invitation(token=token, user=stranger)
    assert not application.editors.filter(user=stranger).exists()


def test_only_editors_withdraw_and_only_pending_invitations(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    invitation, token = invite(application, "new@example.org", django_capture_on_commit_callbacks)
    outsider = ApplicationFactory().owner_user

    with pytest.raises(InvitationInvalid, match="Only the editors"):
        editors.withdraw_editor_invitation(invitation=invitation, by=outsider)
    editors.accept_editor_invitation(token=token, user=UserFactory(email="new@example.org"))
    with pytest.raises(InvitationInvalid, match="already accepted"):
        editors.withdraw_editor_invitation(invitation=invitation, by=application.owner_user)


def test_another_applications_invitation_is_a_404(client, django_capture_on_commit_callbacks):
    application, other = ApplicationFactory(), ApplicationFactory()
    invitation, _token = invite(other, "x@example.org", django_capture_on_commit_callbacks)

    login(client, application.owner_user)
    url = reverse(
        "editor_invitation_withdraw",
        kwargs={"reference": application.reference, "invitation_id": invitation.pk},
    )

    assert client.post(url).status_code == 404
    assert EditorInvitation.objects.get(pk=invitation.pk).revoked_at is None


def test_an_owner_removes_an_editor_with_history(client):
    application = ApplicationFactory()
    editor = add_editor(application)

    login(client, application.owner_user)
    page = client.get(reverse("editors", kwargs={"reference": application.reference}))
    assert page.status_code == 200
    assert editor.user.email in page.content.decode()
    response = client.post(
        reverse(
            "editor_remove",
            kwargs={"reference": application.reference, "editor_id": editor.pk},
        )
    )

    assert response.status_code == 302
    assert not application.editors.filter(user=editor.user).exists()
    event = application.events.get(kind=EventKind.EDITOR_REMOVED)
    assert event.actor == application.owner_user
    assert event.data == {"user": editor.user_id, "role": "editor", "left": False}
    assert event.detail_display == editor.user.email
    client.force_login(editor.user)
    assert client.get(application.get_absolute_url()).status_code == 404


def test_an_editor_may_leave_but_not_remove_others():
    application = ApplicationFactory()
    first, second = add_editor(application), add_editor(application)

    with pytest.raises(InvitationInvalid, match="Only an owner"):
        editors.remove_editor(editor=second, by=first.user)
    editors.remove_editor(editor=first, by=first.user)

    assert list(application.editors.values_list("user", flat=True).order_by("pk")) == [
        application.owner_user.pk,
        second.user_id,
    ]
    event = application.events.get(kind=EventKind.EDITOR_REMOVED)
    assert event.detail_display == f"{first.user.email} left the application"


def test_the_last_owner_cannot_be_removed(client):
    application = ApplicationFactory()
    owner = application.editors.get(role=EditorRole.OWNER)

    with pytest.raises(InvitationInvalid, match="only owner"):
        editors.remove_editor(editor=owner, by=owner.user)
    login(client, owner.user)
    response = client.post(
        reverse(
            "editor_remove", kwargs={"reference": application.reference, "editor_id": owner.pk}
        ),
        follow=True,
    )
    assert "only owner" in response.content.decode()
    assert application.editors.filter(pk=owner.pk).exists()

    second_owner = add_editor(application, role=EditorRole.OWNER)
    editors.remove_editor(editor=owner, by=second_owner.user)
    assert list(application.editors.all()) == [second_owner]


def test_withdrawal_decides_on_the_status_read_under_the_lock():
    """A stale copy of the application (read as submitted) must not withdraw one that moved
    on meanwhile (under review cannot be withdrawn)."""
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.UNDER_REVIEW)
    application.status = ApplicationStatus.SUBMITTED  # what a page read a moment ago

    with pytest.raises(TransitionNotAllowed):
        domain.withdraw_application(application=application, user=application.owner_user)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.UNDER_REVIEW


def test_strangers_get_404_on_the_editors_pages(client):
    application = ApplicationFactory()
    editor = add_editor(application)
    login(client, ApplicationFactory().owner_user)
    kwargs = {"reference": application.reference}

    assert client.get(reverse("editors", kwargs=kwargs)).status_code == 404
    url = reverse("editor_remove", kwargs=kwargs | {"editor_id": editor.pk})
    assert client.post(url).status_code == 404
    assert application.editors.filter(pk=editor.pk).exists()
