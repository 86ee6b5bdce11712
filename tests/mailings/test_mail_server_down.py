"""A mail server that is down costs a delay, not the person's action (issue 18, item 11).

A real SMTP server (aiosmtpd) listens on loopback; it is stopped, the portal is used, and it is
started again. Before this fix the mail was sent by SMTP after the request's transaction
committed: with the server down, the letter or the invitation was saved but the person got an
error page (and tried again), and the mail was never sent.
"""

import email
import email.policy
import re
import socket
from datetime import timedelta

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.utils import timezone

from letters.enums import LetterKind
from letters.models import Letter, LetterInvitation
from mailings import outbox
from mailings.models import OutgoingMail
from tests.factories import ApplicationFactory
from tests.letters.test_quotas import invite, invitee_post

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def subjects(self):
        return sorted(str(message["Subject"]) for message in self.messages)

    def text_to(self, address):
        return [
            message.get_body(("plain",)).get_content()
            for message in self.messages
            if address in str(message["To"])
        ]


class MailServer:
    """An SMTP server on a fixed loopback port that can be stopped and started again."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    if server.controller is not None:
        server.stop()


def later(minutes=5):
    return timezone.now() + timedelta(minutes=minutes)


def test_the_mail_server_is_used_when_it_answers(mail_server):
    application = ApplicationFactory()
    invite(application)  # committed: the invitation e-mail goes out at once

    assert len(mail_server.inbox.messages) == 1
    assert not OutgoingMail.objects.exists()


def test_an_invitees_upload_succeeds_with_the_server_down_and_its_mail_arrives_once(
    client, mail_server
):
    application = ApplicationFactory()
    invitation = invite(application)
    mail_server.inbox.messages.clear()
    mail_server.stop()

    thanks = invitee_post(client, invitation)

    assert thanks.status_code == 200
    assert "Thank you: your letter was received" in thanks.content.decode()
    assert Letter.objects.filter(invitation=invitation).count() == 1
    kept = OutgoingMail.objects.order_by("pk")
    assert [mail.recipients for mail in kept] == [
        [application.owner_user.email],
        [invitation.email],
    ]
    assert all(mail.sent_at is None for mail in kept)

    # The next invitee is told at once that the receipt will follow.
    second = invitee_post(client, invite(application, 1))
    assert "The receipt will follow as soon as our mail server answers" in second.content.decode()

    assert outbox.sweep(now=later()) == 0  # still down: nothing sent, nothing lost
    mail_server.start()
    # 2 uploads x (the editor's notice + the receipt), and the second invitation.
    assert outbox.sweep(now=later(60)) == 5
    assert outbox.sweep(now=later(120)) == 0

    receipts = mail_server.inbox.text_to(invitation.email)
    assert len(receipts) == 1
    assert invitation.application.reference in receipts[0]
    assert len(mail_server.inbox.messages) == 5
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 0
    assert set(OutgoingMail.objects.values_list("body", flat=True)) == {""}  # not kept once sent


def test_an_invitation_with_the_server_down_is_saved_the_editor_told_and_the_link_arrives_once(
    client, mail_server
):
    application = ApplicationFactory()
    application.owner_user.language = "es"
    application.owner_user.save()
    client.force_login(application.owner_user)
    mail_server.stop()

    page = client.post(
        f"/applications/{application.reference}/letters/",
        {
            "invite": "1",
            "invite-organisation_name": "Fundación Tribu",
            "invite-email": "tribu@example.org",
            "invite-kind": LetterKind.CIVIL_SOCIETY,
        },
        follow=True,
    )

    assert page.status_code == 200
    assert LetterInvitation.objects.filter(application=application).count() == 1
    assert "el correo electrónico se enviará en cuanto responda" in page.content.decode()
    kept = OutgoingMail.objects.get()
    link = re.search(r"https?://\S+/letters/invitation/\S+/", kept.body).group(0)
    # The broker holds the row's id, never the message or its link.
    queued = redis.Redis.from_url(django_settings.CELERY_BROKER_URL).lrange("celery", 0, -1)
    assert any(b"mailings.tasks.deliver_mail" in message for message in queued)
    assert not any(link.encode() in message for message in queued)

    mail_server.start()
    assert outbox.deliver(mail_id=kept.pk) is True
    assert outbox.deliver(mail_id=kept.pk) is False  # once
    assert outbox.sweep(now=later(60)) == 0

    (text,) = mail_server.inbox.text_to("tribu@example.org")
    assert link in text
    kept.refresh_from_db()
    assert kept.sent_at is not None and kept.body == "" and kept.html == ""
    outbox.sweep(now=timezone.now() + timedelta(days=outbox.SENT_KEPT_DAYS + 1))
    assert not OutgoingMail.objects.exists()  # a sent row is kept a month, then dropped


def test_retries_back_off_and_a_recipient_refused_for_good_is_given_up(mail_server, settings):
    settings.MAIL_RETRY_SECONDS = 30
    settings.MAIL_RETRY_MAX_SECONDS = 3600
    mail_server.stop()
    invite(ApplicationFactory())
    kept = OutgoingMail.objects.get()
    assert kept.attempts == 1

    now = timezone.now()
    outbox.sweep(now=now + timedelta(seconds=31))
    outbox.sweep(now=now + timedelta(seconds=32))  # not due yet: no attempt
    kept.refresh_from_db()
    assert kept.attempts == 2
    assert kept.next_attempt_at == now + timedelta(seconds=31 + 60)
    assert "ConnectionRefusedError" in kept.last_error
    assert outbox.mail_delayed() is True

    class Refusing(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 No such user here"

    mail_server.inbox = Refusing()
    mail_server.start()
    outbox.sweep(now=now + timedelta(hours=1))
    kept.refresh_from_db()
    assert kept.sent_at is None
    assert kept.attempts == settings.MAIL_MAX_ATTEMPTS  # not retried
    assert outbox.mail_delayed() is False


def test_a_password_reset_with_the_server_down_is_answered_and_its_mail_follows(
    client, mail_server
):
    user = ApplicationFactory().owner_user
    mail_server.stop()

    answer = client.post("/accounts/password/reset/", {"email": user.email})

    assert answer.status_code == 302
    kept = OutgoingMail.objects.get()
    assert kept.recipients == [user.email]
    mail_server.start()
    assert outbox.sweep(now=later(60)) == 1
    assert mail_server.inbox.text_to(user.email)[0].count("/accounts/password/reset/key/") == 1
