"""A member's editors bring in colleagues by e-mail: everyone, with an account or not, gets a link (the application editors' mechanism: hashed token, lifetime, daily cap)
that works once, until it expires or is withdrawn; every step is in the member's history."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import domain
from members.enums import EventKind
from members.exceptions import NotAllowed
from members.models import MemberEditor, MemberEditorInvitation, MemberEvent
from tests.factories import UserFactory, login
from tests.members.factories import editor_of, quick_member

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/membership/invitations/([^/\s]+)/")


@pytest.fixture
def member():
    return quick_member(name="Municipality of Renca", editors=[UserFactory()])


def _invite(member, email, by=None):
    return domain.invite_editor(
        member=member,
        email=email,
        by=by or editor_of(member),
        accept_url_for=lambda token: f"https://portal.example.org/membership/invitations/{token}/",
    )


def _token_from(mail):
    return LINK.search(mail.body).group(1)


def _sent(member, email, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(member, email)
    return invitation, _token_from(mailoutbox[-1])


# Domain ---------------------------------------------------------------------------------------


def test_a_colleague_with_an_account_accepts_an_invitation_too(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    """Nobody is made an editor without being asked (issue 18, item 9)."""
    colleague = UserFactory(email="colleague@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        result = _invite(member, " Colleague@Example.org ")
    assert isinstance(result, MemberEditorInvitation)
    assert not member.editors.filter(user=colleague).exists()
    assert [mail.to for mail in mailoutbox] == [["colleague@example.org"]]
    assert member.events.filter(kind=EventKind.EDITOR_INVITED).count() == 1
    assert (
        domain.accept_editor_invitation(token=_token_from(mailoutbox[0]), user=colleague) == member
    )
    assert member.editors.filter(user=colleague).exists()


def test_the_inviter_is_told_the_same_whether_or_not_the_address_has_an_account(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    """An editor cannot learn who has an account (issue 18, item 9)."""
    UserFactory(email="known@example.org")
    login(client, editor_of(member))
    url = reverse("members:member_workspace", args=[member.pk])
    said = {}
    for email in ("known@example.org", "unknown@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email}, follow=True)
        said[email] = [
            str(message).replace(email, "ADDRESS") for message in response.context["messages"]
        ]
    assert (
        said["known@example.org"] == said["unknown@example.org"] == ["Invitation sent to ADDRESS."]
    )
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "known@example.org",
        "unknown@example.org",
    ]


def test_anyone_else_gets_an_invitation_in_the_members_language(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    member.language = "es"
    member.save(update_fields=["language"])
    invitation, token = _sent(
        member, "New@Example.org", django_capture_on_commit_callbacks, mailoutbox
    )
    assert invitation.email == "new@example.org"
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    (mail,) = mailoutbox
    assert mail.to == ["new@example.org"]
    assert "Municipality of Renca" in mail.subject
    assert "Le invitan a editar" in mail.subject
    assert "El enlace funciona hasta" in mail.body
    event = member.events.get(kind=EventKind.EDITOR_INVITED)
    assert (event.comment, event.actor) == ("new@example.org", editor_of(member))


def test_the_invited_address_accepts_and_becomes_an_editor(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, token = _sent(
        member, "new@example.org", django_capture_on_commit_callbacks, mailoutbox
    )
    newcomer = UserFactory(email="NEW@example.org")
    assert domain.accept_editor_invitation(token=token, user=newcomer) == member
    assert member.editors.filter(user=newcomer).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None
    assert member.events.filter(kind=EventKind.EDITOR_JOINED, actor=newcomer).exists()
    with pytest.raises(NotAllowed) as refused:  # the link works once
        domain.accept_editor_invitation(token=token, user=newcomer)
    assert refused.value.message == "This invitation has already been used."


def test_someone_else_holding_the_link_is_refused(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    _, token = _sent(member, "new@example.org", django_capture_on_commit_callbacks, mailoutbox)
    other = UserFactory(email="other@example.org")
    with pytest.raises(NotAllowed) as refused:
        domain.accept_editor_invitation(token=token, user=other)
    assert "new@example.org" in refused.value.message
    assert not member.editors.filter(user=other).exists()


def test_a_withdrawn_invitation_stops_working(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, token = _sent(
        member, "new@example.org", django_capture_on_commit_callbacks, mailoutbox
    )
    domain.withdraw_editor_invitation(invitation=invitation, by=editor_of(member))
    with pytest.raises(NotAllowed) as refused:
        domain.accept_editor_invitation(token=token, user=UserFactory(email="new@example.org"))
    assert "not valid" in refused.value.message
    assert member.events.filter(kind=EventKind.EDITOR_INVITATION_WITHDRAWN).count() == 1
    with pytest.raises(NotAllowed) as again:
        domain.withdraw_editor_invitation(invitation=invitation, by=editor_of(member))
    assert "already withdrawn" in again.value.message


def test_an_expired_invitation_is_refused(member, mailoutbox, django_capture_on_commit_callbacks):
    invitation, token = _sent(
        member, "new@example.org", django_capture_on_commit_callbacks, mailoutbox
    )
    MemberEditorInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(NotAllowed) as refused:
        domain.accept_editor_invitation(token=token, user=UserFactory(email="new@example.org"))
    assert "expired" in refused.value.message
    assert member.editors.count() == 1


def test_invitations_per_member_per_day_are_capped(member, settings):
    settings.EDITOR_INVITATIONS_PER_DAY = 2
    _invite(member, "one@example.org")
    _invite(member, "two@example.org")
    with pytest.raises(NotAllowed) as refused:
        _invite(member, "three@example.org")
    assert "in the last 24 hours: 2" in refused.value.message
    assert member.editor_invitations.count() == 2
    other = quick_member(editors=[UserFactory()])  # the cap is per member
    _invite(other, "three@example.org")


def test_only_the_members_editors_invite_and_withdraw(member):
    stranger = editor_of(quick_member(editors=[UserFactory()]))
    with pytest.raises(NotAllowed):
        _invite(member, "new@example.org", by=stranger)
    assert not MemberEditorInvitation.objects.exists()
    invitation = _invite(member, "new@example.org")
    with pytest.raises(NotAllowed):
        domain.withdraw_editor_invitation(invitation=invitation, by=stranger)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_existing_editor_is_not_invited_again(member):
    with pytest.raises(NotAllowed) as refused:
        _invite(member, editor_of(member).email.upper())
    assert "already an editor" in refused.value.message


# Views ----------------------------------------------------------------------------------------


def test_the_workspace_invites_lists_and_withdraws(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, editor_of(member))
    url = reverse("members:member_workspace", args=[member.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "new@example.org"}, follow=True)
    assert "Invitation sent to new@example.org." in response.text
    assert "Invited, not yet joined" in response.text
    invitation = member.editor_invitations.get()
    assert f"/membership/invitations/{_token_from(mailoutbox[0])}/" in mailoutbox[0].body
    withdraw = reverse("members:editor_invitation_withdraw", args=[member.pk, invitation.pk])
    assert withdraw in response.text
    response = client.post(withdraw, follow=True)
    assert "its link no longer works" in response.text
    assert "Invited, not yet joined" not in response.text
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_a_refused_invitation_keeps_what_was_typed(client, member, settings):
    settings.EDITOR_INVITATIONS_PER_DAY = 0
    login(client, editor_of(member))
    response = client.post(
        reverse("members:member_workspace", args=[member.pk]), {"email": "new@example.org"}
    )
    assert response.status_code == 200
    assert "the most allowed" in response.text
    assert 'value="new@example.org"' in response.text


def test_other_members_editors_get_a_404(client, member):
    invitation = _invite(member, "new@example.org")
    stranger = editor_of(quick_member(editors=[UserFactory()]))
    login(client, stranger)
    withdraw = reverse("members:editor_invitation_withdraw", args=[member.pk, invitation.pk])
    assert client.post(withdraw).status_code == 404
    response = client.post(
        reverse("members:member_workspace", args=[member.pk]), {"email": "x@example.org"}
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert member.editor_invitations.count() == 1
    # The invitation's id under the stranger's own member is not found either.
    own = stranger.member_roles.get().member
    withdraw_own = reverse("members:editor_invitation_withdraw", args=[own.pk, invitation.pk])
    assert client.post(withdraw_own).status_code == 404


def test_the_link_asks_to_sign_in_shows_the_member_and_accepts(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    _, token = _sent(member, "new@example.org", django_capture_on_commit_callbacks, mailoutbox)
    url = reverse("members:editor_invitation_accept", kwargs={"token": token})
    assert client.get(url).status_code == 302  # to the sign-in page
    newcomer = UserFactory(email="new@example.org")
    login(client, newcomer)
    page = client.get(url)
    assert page.status_code == 200 and "Municipality of Renca" in page.text
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("members:member_workspace", args=[member.pk])
    assert MemberEditor.objects.filter(member=member, user=newcomer).exists()
    assert client.get(url).status_code == 410


def test_a_dead_or_foreign_link_is_explained(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    _, token = _sent(member, "new@example.org", django_capture_on_commit_callbacks, mailoutbox)
    login(client, UserFactory(email="other@example.org"))
    refused = client.post(reverse("members:editor_invitation_accept", kwargs={"token": token}))
    assert refused.status_code == 403
    assert "Sign in with that address" in refused.text
    forged = client.get(reverse("members:editor_invitation_accept", kwargs={"token": "forged"}))
    assert forged.status_code == 410
    assert "not valid" in forged.text


def test_the_workspace_query_count_does_not_grow_with_invitations(client, member):
    login(client, editor_of(member))
    url = reverse("members:member_workspace", args=[member.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _invite(member, "a1@example.org")
    few = count()
    for n in range(5):
        _invite(member, f"b{n}@example.org")
    assert count() == few
    assert MemberEvent.objects.filter(member=member, kind=EventKind.EDITOR_INVITED).count() == 6
