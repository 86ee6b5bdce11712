"""An editor invites a civil-society organisation, which uploads its letter with no account."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from letters.models import Letter, LetterInvitation
from tests.browser.forms import field, fill_date
from tests.factories import PASSWORD, ApplicationFactory
from tests.letters import samples

pytestmark = pytest.mark.browser


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()


def test_invitee_uploads_a_letter_and_the_checklist_turns_green(
    live_server, page, browser, screenshot, transactional_db, tmp_path
):
    application = ApplicationFactory(lead_government__name="Municipality of Renca")
    mail.outbox.clear()
    log_in(page, live_server, application.owner_user)

    page.goto(f"{live_server.url}/applications/{application.reference}/letters/")
    rule = page.locator("[data-checklist-item=civil_society_letter]")
    expect(rule).to_have_attribute("data-done", "false")
    field(page, "Organisation").fill("Fundación Tribu")
    field(page, "Contact e-mail").fill("tomas@tribu.example.org")
    field(page, "Kind of letter").select_option("civil_society")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to Fundación Tribu")).to_be_visible()

    [invitation_mail] = [m for m in mail.outbox if m.to == ["tomas@tribu.example.org"]]
    link = re.search(r"https?://\S+/letters/invitation/\S+/", invitation_mail.body).group(0)

    # The invitee has no account: a fresh browser context, no cookies, a Spanish browser;
    # the page follows the browser's language.
    invitee = browser.new_context(locale="es-ES")
    invitee_page = invitee.new_page()
    invitee_page.goto(link)
    expect(invitee_page.get_by_text("Municipality of Renca").first).to_be_visible()
    letter_file = tmp_path / "carta-apoyo.pdf"
    letter_file.write_bytes(samples.pdf("Fundación Tribu apoya a la Municipalidad de Renca."))
    field(invitee_page, "Firmada por").fill("Tomás González Olavarría")
    field(invitee_page, "Cargo del firmante").fill("Founder and President")
    fill_date(invitee_page, "Fecha de firma", "2026-11-20")
    field(invitee_page, "Idioma de la carta").select_option("es")
    field(invitee_page, "Carta (PDF, o un escaneo en JPEG o PNG)").set_input_files(str(letter_file))
    screenshot(invitee_page, "invitee-upload-form")
    invitee_page.get_by_role("button", name="Enviar la carta").click()
    expect(invitee_page.get_by_role("heading", name="Gracias: recibimos su carta")).to_be_visible()
    screenshot(invitee_page, "invitee-thanks")

    letter = Letter.objects.get()
    assert letter.invitation.email == "tomas@tribu.example.org"
    assert letter.uploaded_by is None

    page.reload()
    expect(page.locator("[data-checklist-item=civil_society_letter]")).to_have_attribute(
        "data-done", "true"
    )
    screenshot(page, "letters-page")

    # Revoked: the same link now shows a clear page and accepts nothing.
    page.get_by_role("button", name="Withdraw the invitation").click()
    invitee_page.goto(link)
    expect(invitee_page.get_by_role("heading", name="Este enlace no se puede usar")).to_be_visible()
    expect(invitee_page.locator("input[type=file]")).to_have_count(0)
    screenshot(invitee_page, "invitee-link-revoked")
    assert LetterInvitation.objects.get().revoked_at is not None
    assert Letter.objects.count() == 1
    invitee.close()
