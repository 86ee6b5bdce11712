"""A member's editor invites a colleague without an account; the colleague signs in with the
invited address, follows the link and lands in the member's workspace."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.forms import field
from tests.browser.test_member_journey import log_in
from tests.factories import UserFactory
from tests.members.factories import editor_of, quick_member

pytestmark = [pytest.mark.browser]


def test_an_editor_invites_a_colleague_who_joins(
    live_server, browser, page, screenshot, transactional_db
):
    from accounts.roles import ensure_roles

    ensure_roles()
    base = live_server.url
    member = quick_member(name="Municipality of Renca", editors=[UserFactory()])
    log_in(page, base, editor_of(member))
    page.goto(f"{base}/membership/{member.pk}/")
    field(page, "E-mail of a colleague").fill("maria@renca.example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to maria@renca.example.org.")).to_be_visible()
    expect(page.get_by_role("heading", name="Invited, not yet joined")).to_be_visible()
    assert_accessible(page, "member-workspace-invitations")
    screenshot(page, "member-workspace-invitations")

    link = re.search(r"https?://\S+/membership/invitations/\S+/", mail.outbox[-1].body).group(0)
    page.context.clear_cookies()
    log_in(page, base, UserFactory(email="maria@renca.example.org"))
    page.goto(link)
    expect(page.get_by_text("Municipality of Renca")).to_be_visible()
    screenshot(page, "member-invitation-accept")
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("You are now an editor of Municipality of Renca.")).to_be_visible()
    assert member.editors.filter(user__email="maria@renca.example.org").exists()
