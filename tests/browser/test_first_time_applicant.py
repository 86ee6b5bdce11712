"""Issue 13: the path a first-time applicant finds, from the front door to submission, and
letters whose details arrive filled in from the file."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from applications.enums import ApplicationStatus
from applications.models import Application
from calls.formatting import with_time_zone
from letters import domain as letters_domain
from tests.browser.forms import field
from tests.browser.test_accessibility import log_in
from tests.browser.test_applicant_journey import fill_section
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.letters import samples

pytestmark = [pytest.mark.browser]


def test_a_visitor_reaches_the_open_call_from_the_front_door_and_signs_up(
    live_server, page, screenshot, transactional_db
):
    call = CallFactory(title="OGP Local 2027 call")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("OGP Local")
    # the deadline, with the zone it is counted in
    expect(page.locator("time").first).to_have_text(with_time_zone(call.closes_at))
    screenshot(page, "front-door-en")
    page.get_by_role("link", name=re.compile("Read about this call")).click()
    expect(page.get_by_role("heading", name="OGP Local 2027 call")).to_be_visible()
    expect(page.get_by_text("Eligible countries")).to_be_visible()
    screenshot(page, "call-page-en")

    page.get_by_role("link", name="Sign up to apply").first.click()
    field(page, "Full name").fill("Carla Rojas")
    field(page, "Email").fill("front-door@renca.example.org")
    field(page, "Password").fill("Open-government-2026")
    field(page, "Password (again)").fill("Open-government-2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert f"next=/calls/{call.slug}/apply/" in page.url or "confirm-email" in page.url

    # The same front door in Spanish.
    page.get_by_role("button", name="Español").click()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("gobierno abierto")
    screenshot(page, "front-door-es")


def upload_by_next_step(page, tmp_path, application):
    """On the letters page: the two letters the checklist asks for, details read from the file."""
    for kind, lines in [
        (
            "intent",
            (
                application.lead_government.name,
                "Santiago, 16 de junio de 2026",
                "Manifestamos nuestra intención de unirnos a OGP Local.",
                "Atentamente,",
                "Claudio Castro Salas",
                "Alcalde",
                application.lead_government.name,
            ),
        ),
        ("civil_society", samples.SUPPORT_LETTER_LINES),
    ]:
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(samples.letter_pdf(*lines))
        field(page, "Kind").select_option(kind)
        if kind == "intent":
            field(page, "Government it speaks for").select_option(
                label=application.lead_government.name
            )
        field(page, "Letter (PDF, or a scan as JPEG or PNG)").set_input_files(str(path))
        expect(field(page, "Signatory's position")).to_have_value(lines[-2])
        field(page, "Language of the letter").select_option("es")
        page.get_by_role("button", name="Upload the letter").click()
        expect(page.get_by_text(re.compile("Letter from .* received"))).to_be_visible()


def test_a_new_applicant_follows_only_next_step_links_to_submission(
    live_server, page, screenshot, transactional_db, tmp_path
):
    application = ApplicationFactory(lead_government__name="Municipalidad de Renca")
    log_in(page, live_server, application.owner_user)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    screenshot(page, "guided-application-empty-en")

    visited = []
    for _ in range(20):
        if "/sections/" in page.url:  # "Save and continue" leads through the sections
            fill_section(page)
            continue
        page.locator("[data-next-step]").first.click()
        path = page.url.removeprefix(live_server.url)
        visited.append(path)
        if path.endswith("/details/"):
            field(page, "Lead office").fill("Secretaría Municipal")
            field(page, "Point of contact").fill("Carla Rojas")
            field(page, "Contact e-mail").fill("carla@renca.example.org")
            page.get_by_role("button", name="Save").click()
            expect(page.locator(".messages")).to_contain_text("Still missing:")
        elif path.endswith("/partners/add/"):
            field(page, "Name of the organisation").fill("Fundación Tribu")
            field(page, "Type of organisation").select_option("civil_society")
            field(page, "Role in the application").fill("Civil-society ally")
            page.get_by_role("button", name="Save the partner").click()
        elif "/sections/" in path:
            fill_section(page)
        elif path.endswith("/letters/"):
            upload_by_next_step(page, tmp_path, application)
            screenshot(page, "guided-letters-done-en")
            expect(page.locator("[data-next-step]")).to_contain_text("Review and submit")
        elif path.endswith("/submit/"):
            page.get_by_label("The information in this application is accurate").check()
            page.get_by_role("button", name="Submit the application").click()
            break
    expect(page.locator(".status-badge").first).to_have_text("Submitted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert [p.rsplit("/", 2)[-2] for p in visited][0] == "details"
    assert visited[-1].endswith("/submit/")
    screenshot(page, "guided-application-submitted-en")


def test_a_letters_fields_arrive_filled_from_a_text_pdf_and_from_a_signed_pdf(
    live_server, page, screenshot, transactional_db, tmp_path
):
    application = ApplicationFactory()
    log_in(page, live_server, application.owner_user)

    # The editor's upload form, from a text letter.
    page.goto(f"{live_server.url}/applications/{application.reference}/letters/")
    text_letter = tmp_path / "support.pdf"
    text_letter.write_bytes(samples.letter_pdf(*samples.SUPPORT_LETTER_LINES))
    field(page, "Letter (PDF, or a scan as JPEG or PNG)").set_input_files(str(text_letter))
    expect(field(page, "Signed by")).to_have_value("María José Fernández")
    expect(field(page, "Signatory's position")).to_have_value("Directora Ejecutiva")
    expect(field(page, "Author organisation")).to_have_value("Fundación Tribu")
    expect(page.locator("#id_letter-signed_on_0")).to_have_value("16")
    expect(page.locator("#id_letter-signed_on_1")).to_have_value("6")
    expect(page.locator("#id_letter-signed_on_2")).to_have_value("2023")
    expect(page.get_by_text("Filled in from the letter's text")).to_be_visible()
    screenshot(page, "letter-form-text-en")

    # The invitee's form (no account), from a digitally signed letter.
    tokens = []
    letters_domain.invite_letter_author(
        application=application,
        organisation_name="Municipalidad de Renca",
        email="alcaldia@renca.example.org",
        kind="peer",
        invited_by=application.owner_user,
        link_for=lambda token: tokens.append(token) or token,
    )
    visitor = page.context.browser.new_context(
        locale="es-CL", viewport={"width": 1280, "height": 900}
    )
    invitee = visitor.new_page()
    invitee.goto(f"{live_server.url}/letters/invitation/{tokens[0]}/")
    signed = tmp_path / "signed.pdf"
    # pyHanko runs its own event loop, which Playwright's running one forbids in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed.write_bytes(pool.submit(samples.signed_pdf, "Carolina Leitao").result())
    invitee.locator("input[type=file]").set_input_files(str(signed))
    expect(invitee.locator("#id_signatory_name")).to_have_value("Carolina Leitao")
    expect(invitee.locator("#id_signed_on_0")).to_have_value("24")
    expect(invitee.locator("#id_signed_on_1")).to_have_value("1")
    expect(invitee.locator("#id_signed_on_2")).to_have_value("2024")
    expect(invitee.get_by_text("firma digital")).to_be_visible()
    screenshot(invitee, "letter-form-signed-es")
    visitor.close()


def test_spanish_screens_of_the_guided_application(live_server, page, screenshot, transactional_db):
    user = UserFactory(language="es")
    application = ApplicationFactory(owner=user)
    log_in_es(page, live_server, user)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    expect(page.locator("[data-next-step]")).to_contain_text("Siguiente paso")
    screenshot(page, "guided-application-es")
    page.goto(f"{live_server.url}/applications/{application.reference}/letters/")
    screenshot(page, "letter-form-es")
    page.goto(f"{live_server.url}/")
    screenshot(page, "front-door-signed-in-es")
    assert Application.objects.count() == 1


def log_in_es(page, live_server, user):
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    field(page, "Email").fill(user.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
