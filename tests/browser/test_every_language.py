"""The applicant's path to submission and an invitee's upload, in French and Portuguese (and,
for the screenshots of each language, Spanish and English), each page checked with axe-core.

Labels and buttons are looked up through the catalogues (``say``), so the test reads the
page as a speaker of the language would, and fails if a string is left in English.
"""

import subprocess

import pytest
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from applications.enums import ApplicationStatus
from applications.models import Application
from calls.models import Section
from tests.browser.axe import assert_accessible
from tests.browser.forms import field, fill_date, fill_section_answers
from tests.factories import PASSWORD, ApplicationFactory, CallFactory, UserFactory
from tests.letters import samples
from tests.packets.helpers import wait_for_packet

pytestmark = pytest.mark.browser

TITLES = {
    "en": "OGP Local 2027: call for new members",
    "es": "OGP Local 2027: convocatoria de nuevos miembros",
    "fr": "OGP Local 2027 : appel à nouveaux membres",
    "pt": "OGP Local 2027: chamada para novos membros",
}
BROWSER_LOCALES = {"en": "en-GB", "es": "es-ES", "fr": "fr-FR", "pt": "pt-BR"}
ANSWERS = {
    "en": "We co-created an open data plan with neighbourhood councils in 2024.",
    "es": "Co-creamos un plan de datos abiertos con las juntas vecinales en 2024.",
    "fr": "Nous avons co-créé un plan de données ouvertes avec les conseils de quartier en 2024.",
    "pt": "Cocriamos um plano de dados abertos com os conselhos de bairro em 2024.",
}


def say(language, msgid):
    with translation.override(language):
        return capfirst(gettext(msgid))


def new_page(browser, language):
    context = browser.new_context(
        locale=BROWSER_LOCALES[language], viewport={"width": 1280, "height": 900}
    )
    return context.new_page()


@pytest.mark.worker
@pytest.mark.parametrize("language", ["fr", "pt", "es", "en"])
def test_an_applicant_builds_and_submits_in_their_language(
    live_server, browser, celery_worker, screenshot, transactional_db, tmp_path, language
):
    call = CallFactory(title=TITLES["en"], **{f"title_{code}": t for code, t in TITLES.items()})
    user = UserFactory(language=language)
    page = new_page(browser, language)

    def check(name):
        assert_accessible(page, f"{language}-{name}")

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("main form input[name=login]").fill(user.email)
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name=say(language, "My applications"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=TITLES[language])).to_be_visible()
    check("dashboard")

    page.get_by_role("link", name=say(language, "Start an application")).click()
    field(page, say(language, "Name of the government")).fill("Municipalité de Renca")
    field(page, say(language, "Country")).select_option("CL")
    field(page, say(language, "Level of government")).select_option("municipal")
    fill_date(page, say(language, "End of the current administration's term"), "2029-12-06")
    expect(field(page, say(language, "Language of the application"))).to_have_value(language)
    check("start")
    page.get_by_role("button", name=say(language, "Create the application")).click()
    expect(page.get_by_role("heading", name="Municipalité de Renca")).to_be_visible()
    application = Application.objects.get()
    assert application.language == language
    check("application")

    page.get_by_role("link", name=say(language, "Add a partner")).click()
    field(page, say(language, "Name of the organisation")).fill("Fundación Tribu")
    field(page, say(language, "Type of organisation")).select_option("civil_society")
    field(page, say(language, "Role in the application")).fill("Société civile")
    check("partner")
    page.get_by_role("button", name=say(language, "Save the partner")).click()
    expect(page.locator("[data-checklist-item=ngo_partner]")).to_have_attribute("data-done", "true")

    page.locator("[data-checklist-item=contact]").get_by_role(
        "link", name=say(language, "Fix this")
    ).click()
    field(page, say(language, "population")).fill("147151")
    field(page, say(language, "lead office")).fill("Secrétariat municipal")
    field(page, say(language, "point of contact")).fill("Carla Rojas")
    field(page, say(language, "contact e-mail")).fill("carla@renca.example.org")
    page.get_by_role("button", name=say(language, "Save"), exact=True).click()

    sections = list(Section.objects.filter(call=call).order_by("position"))
    page.goto(f"{live_server.url}/applications/{application.reference}/sections/{sections[0].pk}/")
    with translation.override(language):
        first_title = sections[0].title
    expect(page.get_by_role("heading", name=first_title)).to_be_visible()
    for index in range(len(sections)):
        for textarea in page.locator("main form textarea").all():
            expect(textarea).to_have_attribute("lang", language)
        fill_section_answers(page, answer=ANSWERS[language], words="Climat ; genre")
        if index == 0:
            check("section-form")
            screenshot(page, f"applicant-form-{language}")
        page.get_by_role("button", name=say(language, "Save and continue")).click()
    expect(page.get_by_role("heading", name="Municipalité de Renca")).to_be_visible()

    page.get_by_role("link", name=say(language, "Manage letters")).click()
    for kind, author in [("intent", "Municipalité de Renca"), ("civil_society", "Fundación Tribu")]:
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(
            samples.pdf(f"{author} supports the application of Municipalité de Renca.")
        )
        form = page.locator("main form").filter(has=page.locator("input[type=file]"))
        form.locator("[name$=kind]").select_option(kind)
        if kind == "intent":
            form.locator("[name$=government]").select_option(label="Municipalité de Renca")
        form.locator("[name$=author_organisation]").fill(author)
        form.locator("[name$=signatory_name]").fill("Claudio Castro")
        form.locator("[name$=signatory_title]").fill("Maire")
        fill_date(form, say(language, "date signed"), "2026-11-20")
        form.locator("[name$=language]").select_option(language)
        field(page, say(language, "Letter (PDF, or a scan as JPEG or PNG)")).set_input_files(
            str(path)
        )
        page.get_by_role("button", name=say(language, "Upload the letter")).click()
        with translation.override(language):
            received = gettext("Letter from %(author)s received.") % {"author": author}
        expect(page.get_by_text(received)).to_be_visible()
    check("letters")

    page.goto(f"{live_server.url}/applications/{application.reference}/")
    for item in page.locator("[data-checklist-item]").all():
        expect(item).to_have_attribute("data-done", "true")
    # The step guide and the page's button both lead there.
    review_and_submit = page.get_by_role(
        "link", name=say(language, "Review and submit"), exact=True
    )
    expect(review_and_submit).to_have_count(1)  # one link, one name (issue 26)
    review_and_submit.click()
    check("submit")
    page.get_by_label(
        say(
            language, "The information in this application is accurate and the letters are genuine."
        )
    ).check()
    page.get_by_role("button", name=say(language, "Submit the application")).click()
    expect(page.locator(".status-badge").first).to_have_text(say(language, "Submitted"))
    check("submitted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    answer = page.locator("div.answer-text[lang]").first
    expect(answer).to_have_attribute("lang", language)
    expect(answer).to_have_text(ANSWERS[language])

    # The confirmation goes out in the applicant's language; the packet reads the call in it.
    with translation.override(language):
        subject = gettext("[OGP Local] Application %(reference)s submitted") % {
            "reference": application.reference
        }
    for _ in range(100):
        if any(m.subject == subject for m in mail.outbox):
            break
        page.wait_for_timeout(100)
    assert any(m.subject == subject for m in mail.outbox), [m.subject for m in mail.outbox]

    packet = wait_for_packet(application)
    assert packet.status == "ready", packet.error
    pdf = tmp_path / "packet.pdf"
    with packet.file.open("rb") as stored:
        pdf.write_bytes(stored.read())
    shots = screenshot(page, f"applicant-submitted-{language}").parent
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "3", "-l", "3", pdf, shots / f"packet-{language}"],
        check=True,
    )


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_an_invitee_uploads_a_letter_in_their_language(
    live_server, browser, screenshot, transactional_db, tmp_path, language
):
    application = ApplicationFactory(lead_government__name="Municipalité de Renca")
    from django.urls import reverse

    from letters import domain as letters_domain

    invitation = letters_domain.invite_letter_author(
        application=application,
        organisation_name="Fundación Tribu",
        email="tomas@tribu.example.org",
        kind="civil_society",
        invited_by=application.owner_user,
        link_for=lambda token: reverse("letter_invitation", kwargs={"token": token}),
    )
    from letters.tokens import invitation_token

    link = live_server.url + reverse(
        "letter_invitation", kwargs={"token": invitation_token(invitation)}
    )

    page = new_page(browser, language)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(
        page.get_by_role("heading", name=say(language, "Send your letter of support"))
    ).to_be_visible()
    assert_accessible(page, f"{language}-invitee-form")
    letter_file = tmp_path / "lettre.pdf"
    letter_file.write_bytes(samples.pdf("Fundación Tribu soutient la Municipalité de Renca."))
    field(page, say(language, "signed by")).fill("Tomás González")
    field(page, say(language, "signatory's position")).fill("Président")
    fill_date(page, say(language, "date signed"), "2026-11-20")
    field(page, say(language, "Language of the letter")).select_option(language)
    field(page, say(language, "Letter (PDF, or a scan as JPEG or PNG)")).set_input_files(
        str(letter_file)
    )
    screenshot(page, f"invitee-form-{language}")
    page.get_by_role("button", name=say(language, "Send the letter")).click()
    expect(
        page.get_by_role("heading", name=say(language, "Thank you: your letter was received"))
    ).to_be_visible()
    assert_accessible(page, f"{language}-invitee-thanks")
    assert application.letters.get().signatory_name == "Tomás González"
