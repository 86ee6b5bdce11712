"""Invitation tokens never reach the logs (issue 18 item 4): Django's request log of a refused
invitation link, and gunicorn's access log, keep the route and drop the token."""

import datetime
import io
import logging
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config

from letters.tokens import invitation_token
from ogp_portal.log_redaction import RedactingGunicornLogger, redact
from tests.factories import ApplicationFactory
from tests.letters.test_views import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """What the portal's own log handler (settings.LOGGING, JSON or text) writes."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_a_refused_invitation_link_is_logged_without_its_token(client, log_output):
    application = ApplicationFactory()
    invitation = invite(application)
    token = invitation_token(invitation)
    read = reverse("invitation_letter_read", kwargs={"token": token})
    assert client.get(read).status_code == 405  # the endpoint takes POST only: logged
    tampered = reverse("letter_invitation", kwargs={"token": token[:-3] + "xyz"})
    assert client.get(tampered).status_code >= 400
    logged = log_output.getvalue()
    assert "/letters/invitation/[redacted]/read/" in logged
    assert token not in logged and token[:-3] not in logged


@pytest.mark.parametrize(
    "path",
    [
        "/letters/invitation/eyJpIjo1.abc:1x2/",
        "/letters/invitation/eyJpIjo1.abc:1x2/read/",
        "/membership/invitations/Zm9vYmFy/",
        "/invitations/editor/Zm9vYmFy/",
        "/accounts/password/reset/key/1-abc123-set-password/",
        "/accounts/confirm-email/MQ:1tq:abc/",
    ],
)
def test_every_token_route_is_redacted(path):
    cleaned = redact(f"Forbidden: {path}?next=/x")
    assert "[redacted]" in cleaned and "Zm9vYmFy" not in cleaned and "abc" not in cleaned


def test_gunicorns_access_log_redacts_the_request_line_and_the_referer():
    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/letters/invitation/SECRET-TOKEN/",
        "PATH_INFO": "/letters/invitation/SECRET-TOKEN/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://portal.example.org/invitations/editor/OTHER-SECRET/",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="403 Forbidden", headers=[], sent=10)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=1))
    text = " ".join(str(value) for value in atoms.values())
    assert "SECRET-TOKEN" not in text and "OTHER-SECRET" not in text
    assert atoms["r"] == "GET /letters/invitation/[redacted]/ HTTP/1.1"
