"""A letter invitation's link stops working at the call's close, through the page and the
"read the letter" endpoint alike (issue 18 item 4); the moment is one function's answer."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from letters import domain
from letters.tokens import invitation_token
from tests.factories import ApplicationFactory
from tests.letters import samples
from tests.letters.test_views import invite

pytestmark = pytest.mark.django_db


def letter():
    return SimpleUploadedFile("letter.pdf", samples.pdf("Late"), content_type="application/pdf")


def test_the_link_closes_with_the_call(client):
    application = ApplicationFactory()
    invitation = invite(application)
    call = application.call
    assert domain.invitation_closes_at(invitation) == call.closes_at
    token = invitation_token(invitation)
    page = reverse("letter_invitation", kwargs={"token": token})
    read = reverse("invitation_letter_read", kwargs={"token": token})
    assert client.get(page).status_code == 200

    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save(update_fields=["closes_at"])
    closed = client.get(page)
    assert closed.status_code == 410
    assert "this link has expired" in closed.content.decode()
    upload = client.post(page, {"file": letter()})
    assert upload.status_code == 410 and not invitation.letters.exists()
    reading = client.post(read, {"file": letter()})
    assert reading.status_code >= 400
