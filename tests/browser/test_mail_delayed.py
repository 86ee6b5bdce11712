"""With the mail server down, the editor's invitation and the invitee's letter are saved and
each is told, in their language, that the e-mail will follow (issue 18, item 11)."""

import re

import pytest
from playwright.sync_api import expect

from letters.models import Letter, LetterInvitation
from mailings.models import OutgoingMail
from tests.browser.forms import field, fill_date
from tests.browser.test_letter_invitation import log_in
from tests.factories import ApplicationFactory
from tests.letters import samples
from tests.mailings.test_mail_server_down import mail_server  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def test_with_the_mail_server_down_both_sides_are_told_the_email_will_follow(
    live_server,
    page,
    browser,
    screenshot,
    transactional_db,
    tmp_path,
    mail_server,  # noqa: F811
):
    application = ApplicationFactory(lead_government__name="Municipality of Renca")
    mail_server.stop()
    log_in(page, live_server, application.owner_user)

    page.goto(f"{live_server.url}/applications/{application.reference}/letters/")
    field(page, "Organisation").fill("Fundación Tribu")
    field(page, "Contact e-mail").fill("tomas@tribu.example.org")
    field(page, "Kind of letter").select_option("civil_society")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Our mail server is not answering just now")).to_be_visible()
    screenshot(page, "letters-page-mail-delayed")
    assert LetterInvitation.objects.count() == 1

    link = re.search(
        r"https?://\S+/letters/invitation/\S+/", OutgoingMail.objects.get().body
    ).group(0)
    invitee = browser.new_context(locale="fr-FR")
    invitee_page = invitee.new_page()
    invitee_page.goto(link)
    letter_file = tmp_path / "lettre.pdf"
    letter_file.write_bytes(samples.pdf("Fundación Tribu soutient la municipalité de Renca."))
    field(invitee_page, "Signée par").fill("Tomás González Olavarría")
    field(invitee_page, "Fonction du signataire").fill("Président")
    fill_date(invitee_page, "Date de signature", "2026-11-20")
    field(invitee_page, "Langue de la lettre").select_option("es")
    field(invitee_page, "Lettre (PDF, ou numérisation en JPEG ou PNG)").set_input_files(
        str(letter_file)
    )
    invitee_page.locator("main form button[type=submit]").click()
    expect(invitee_page.get_by_text("L’accusé de réception suivra")).to_be_visible()
    screenshot(invitee_page, "invitee-thanks-mail-delayed")
    assert Letter.objects.count() == 1
    invitee.close()
