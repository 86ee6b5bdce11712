"""One invitation flow (applications.invitations) for an application's and a member's editors:
the same steps, the editorship checked in the domain for both, and everyone accepts an
invitation (issue 19, item 2)."""

import pytest

from applications import editors as applications_editors
from applications.exceptions import InvitationInvalid
from applications.invitations import Flow
from members import domain as members_domain
from members.exceptions import NotAllowed
from tests.factories import ApplicationFactory, UserFactory
from tests.members.factories import quick_member

pytestmark = pytest.mark.django_db


def _url(token):
    return f"https://portal.test/{token}/"


def test_both_editor_invitations_are_the_one_flow():
    assert isinstance(applications_editors.editor_invitations, Flow)
    assert isinstance(members_domain.editor_invitations, Flow)
    for name in ("invite", "find", "accept", "withdraw"):
        assert name not in type(applications_editors.editor_invitations).__dict__
        assert name not in type(members_domain.editor_invitations).__dict__


def test_someone_who_is_not_an_editor_cannot_invite_through_either_domain(mailoutbox):
    application = ApplicationFactory()
    member = quick_member(name="Municipality of Renca", editors=[UserFactory()])
    stranger = UserFactory()

    with pytest.raises(InvitationInvalid, match="Only the editors of this application"):
        applications_editors.invite_editor(
            application=application,
            email="new@example.org",
            invited_by=stranger,
            accept_url_for=_url,
        )
    with pytest.raises(NotAllowed, match="Only the member's editors"):
        members_domain.invite_editor(
            member=member, email="new@example.org", by=stranger, accept_url_for=_url
        )

    assert not application.editor_invitations.exists()
    assert not member.editor_invitations.exists()


def test_an_application_editor_with_an_account_accepts_an_invitation_too(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory()
    colleague = UserFactory(email="colleague@example.org")
    tokens = []
    with django_capture_on_commit_callbacks(execute=True):
        invitation = applications_editors.invite_editor(
            application=application,
            email=colleague.email,
            invited_by=application.owner_user,
            accept_url_for=lambda token: tokens.append(token) or _url(token),
        )
    assert invitation.accepted_at is None
    assert not application.editors.filter(user=colleague).exists()

    applications_editors.accept_editor_invitation(token=tokens[0], user=colleague)

    assert application.editors.filter(user=colleague).exists()
