"""Quotas on what applicants and invitees can make the portal send and store (issue 10)."""

from datetime import timedelta

import pytest
from django.core import mail

from letters import domain
from letters.enums import LetterKind
from letters.models import LetterInvitation
from tests.factories import ApplicationFactory, GovernmentFactory

pytestmark = pytest.mark.django_db


def invite(application, n=0, organisation_name="Fundación Tribu"):
    return domain.invite_letter_author(
        application=application,
        organisation_name=organisation_name,
        email=f"stranger{n}@example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=lambda token: f"https://portal.test/letters/invitation/{token}/",
    )


# --- Invitation e-mail ---------------------------------------------------------------------


def test_invitations_per_application_per_day_are_capped(
    settings, django_capture_on_commit_callbacks
):
    settings.LETTER_INVITATIONS_PER_DAY = 3
    application, other = ApplicationFactory(), ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            invite(application, n)
    assert len(mail.outbox) == 3

    with pytest.raises(domain.QuotaReached) as refused:
        invite(application, 99)

    assert "3 letter invitations in the last 24 hours" in refused.value.message
    assert LetterInvitation.objects.filter(application=application).count() == 3
    assert len(mail.outbox) == 3
    invite(other)  # another application's quota is its own


def test_a_withdrawn_invitation_still_counts_for_the_day(settings):
    settings.LETTER_INVITATIONS_PER_DAY = 1
    application = ApplicationFactory()
    domain.revoke_invitation(invitation=invite(application), user=application.owner_user)
    with pytest.raises(domain.QuotaReached):
        invite(application, 1)


def test_the_invitations_of_yesterday_do_not_count(settings):
    settings.LETTER_INVITATIONS_PER_DAY = 1
    application = ApplicationFactory()
    first = invite(application)
    LetterInvitation.objects.filter(pk=first.pk).update(
        created_at=first.created_at - timedelta(hours=25)
    )
    invite(application, 1)
    assert application.letter_invitations.count() == 2


def test_the_page_says_the_quota_is_reached_in_spanish(client, settings):
    settings.LETTER_INVITATIONS_PER_DAY = 1
    application = ApplicationFactory()
    invite(application)
    owner = application.owner_user
    owner.language = "es"
    owner.save()
    client.force_login(owner)

    response = client.post(
        f"/applications/{application.reference}/letters/",
        {
            "invite": "1",
            "invite-organisation_name": "Otra",
            "invite-email": "otra@example.org",
            "invite-kind": LetterKind.CIVIL_SOCIETY,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "invitaciones" in response.content.decode()
    assert application.letter_invitations.count() == 1


def test_applicant_written_text_is_quoted_and_never_a_link_in_the_invitation(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(
        lead_government=GovernmentFactory(name="Click https://phish.example/login now")
    )
    with django_capture_on_commit_callbacks(execute=True):
        invite(application, organisation_name="Win a prize at www.phish.example or a@b.example")

    [message] = mail.outbox
    assert "phish.example" not in message.subject + message.body
    assert "https://" not in message.body.replace("https://portal.test/", "")
    assert "> Click https[:]//phish[.]example/login now" in message.body.splitlines()
    assert "> Win a prize at www[.]phish[.]example or a[at]b[.]example" in message.body.splitlines()
    assert message.subject == (
        f"[OGP Local] Request for a letter of support ({application.reference})"
    )
    assert "has not checked it" in message.body
    assert not message.alternatives  # plain text only, no HTML part
