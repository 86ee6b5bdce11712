"""Downloads (applicants and reviewers), the admin, the application page's card, the command."""

import io

import pypdf
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from applications.models import Answer
from packets import domain
from packets.enums import PacketStatus
from packets.models import Packet
from tests.factories import UserFactory, enrol_totp, pass_second_factor
from tests.packets.helpers import current_packet, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_application():
    application = submitted_application()
    domain.render_packet(packet=current_packet(application))
    return application


def staff_reviewer(*, permission=True):
    """A staff user with the packets' view permission (and, with the review room installed, the
    coordinator role, which may read every application)."""
    user = enrol_totp(UserFactory(is_staff=True))
    if permission:
        user.user_permissions.add(Permission.objects.get(codename="view_packet"))
    if apps.is_installed("reviews"):
        user.groups.add(Group.objects.get_or_create(name="coordinator")[0])
        if not permission:
            user.groups.clear()
    return user


def download(client, user, application, version=None):
    if user is not None:
        client.force_login(user)
        pass_second_factor(client, user)  # staff sign in with their code
    if version is None:
        url = reverse("packet_download", kwargs={"reference": application.reference})
    else:
        url = reverse(
            "packet_version_download",
            kwargs={"reference": application.reference, "version": version},
        )
    return client.get(url)


def test_an_editor_downloads_the_packet_as_an_attachment(client, ready_application):
    packet = current_packet(ready_application)

    response = download(client, ready_application.editors.first().user, ready_application)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{ready_application.reference}-packet-v1.pdf"'
    )
    body = b"".join(response.streaming_content)
    assert len(pypdf.PdfReader(io.BytesIO(body)).pages) == packet.page_count


def test_a_staff_reviewer_with_the_permission_downloads_it(client, ready_application):
    response = download(client, staff_reviewer(), ready_application)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "who",
    ["another applicant", "staff without the permission"],
)
def test_anyone_else_gets_a_404(client, ready_application, who):
    user = UserFactory() if who == "another applicant" else staff_reviewer(permission=False)

    latest = download(client, user, ready_application)
    version = download(client, user, ready_application, version=1)
    missing = client.get(reverse("packet_download", kwargs={"reference": "OGPL-1999-0001"}))

    assert latest.status_code == 404
    assert version.status_code == 404
    assert missing.status_code == 404
    assert ready_application.reference.encode() not in latest.content


def test_an_anonymous_visitor_is_sent_to_log_in(client, ready_application):
    response = download(client, None, ready_application)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_editor_sees_that_the_packet_is_being_prepared(client):
    application = submitted_application()  # queued, not rendered yet

    response = download(client, application.editors.first().user, application)

    assert response.status_code == 404
    assert b"being prepared" in response.content


def test_an_older_version_stays_downloadable(client, ready_application):
    answer = Answer.objects.filter(application=ready_application).order_by("id").first()
    answer.value = "Changed after submission."
    answer.save()
    domain.render_packet(packet=domain.request_packet(application=ready_application))
    editor = ready_application.editors.first().user

    first = download(client, editor, ready_application, version=1)
    current = download(client, editor, ready_application)

    assert first["Content-Disposition"].endswith('-packet-v1.pdf"')
    assert current["Content-Disposition"].endswith('-packet-v2.pdf"')


def test_the_application_page_card_offers_the_download_to_editors(ready_application):
    request = RequestFactory().get("/")
    template = Template("{% load packets %}{% packet_card application %}")

    request.user = ready_application.editors.first().user
    shown = template.render(Context({"request": request, "application": ready_application}))
    request.user = UserFactory()
    hidden = template.render(Context({"request": request, "application": ready_application}))

    assert (
        reverse(
            "packet_version_download",
            kwargs={"reference": ready_application.reference, "version": 1},
        )
        in shown
    )
    assert "Download the packet (PDF)" in shown
    assert hidden.strip() == ""


# --- Admin -----------------------------------------------------------------------------------


def test_the_admin_shows_a_failure_and_renders_again(
    admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    application = submitted_application()
    packet = current_packet(application)
    domain.mark_failed(
        packet, reason="Letter 2 (Fundación Tribu, carta.pdf) is not a readable PDF."
    )

    listing = admin_client.get(reverse("admin:packets_packet_changelist"))
    detail = admin_client.get(reverse("admin:packets_packet_change", args=[packet.pk]))
    sent = []
    monkeypatch.setattr("packets.tasks.render_packet_task.delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:packets_packet_changelist"),
            {"action": "render_again", "_selected_action": [packet.pk]},
            follow=True,
        )

    assert b"is not a readable PDF" in listing.content
    assert b"is not a readable PDF" in detail.content
    assert response.status_code == 200
    again = current_packet(application)
    assert again.version == 2
    assert again.status == PacketStatus.QUEUED
    assert sent == [again.pk]
    packet.refresh_from_db()
    assert packet.status == PacketStatus.FAILED
    assert b"version 2 is queued" in response.content


def test_the_admin_links_to_the_download(admin_client, ready_application):
    response = admin_client.get(reverse("admin:packets_packet_changelist"))

    assert (
        reverse(
            "packet_version_download",
            kwargs={"reference": ready_application.reference, "version": 1},
        ).encode()
        in response.content
    )


# --- Management command -------------------------------------------------------------------------


def test_render_packet_renders_synchronously_and_writes_the_file(tmp_path, capsys):
    application = submitted_application()
    output = tmp_path / "packet.pdf"

    call_command("render_packet", application.reference, "-o", str(output))
    call_command("render_packet", application.reference)

    packet = current_packet(application)
    assert packet.status == PacketStatus.READY
    assert Packet.objects.filter(application=application).count() == 1
    assert len(pypdf.PdfReader(output).pages) == packet.page_count
    printed = capsys.readouterr().out
    assert "Rendering" in printed
    assert "is ready and matches the application: reused." in printed


def test_render_packet_refuses_an_unknown_reference():
    with pytest.raises(CommandError, match="No application"):
        call_command("render_packet", "OGPL-1999-0001")
