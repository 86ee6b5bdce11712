"""WCAG 2.1 AA: axe-core on every applicant, invitee and public page, and keyboard use.

Each test visits a group of pages, runs axe-core on each (``tests/browser/axe.py``) and saves
a screenshot as ``test-artifacts/screenshots/a11y-<page>.png``; it fails at the end with every
serious or critical violation it met, so one run lists them all. Pages with forms are also
checked after a refused submission, with the errors shown.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications import editors as applications_editors
from calls.domain import publish_results
from letters import domain as letters_domain
from letters.enums import LetterKind
from letters.tokens import invitation_token
from reviews import domain as reviews_domain
from tests.browser.axe import AXE_SCRIPT, assert_accessible
from tests.browser.forms import field, fill_date
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    PartnerFactory,
    UserFactory,
    complete_application,
)
from tests.letters import samples
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application

pytestmark = pytest.mark.browser


class Audit:
    """Runs axe-core on page after page; ``finish()`` fails with all the serious findings."""

    def __init__(self, live_server, screenshot):
        self.base = live_server.url
        self.screenshot = screenshot
        self.failures = []
        self.checked = []

    def check(self, page, name):
        self.screenshot(page, f"a11y-{name}")
        self.checked.append(name)
        if not AXE_SCRIPT.is_file():
            assert_accessible(page, name)  # fails at once, saying to run npm ci
        try:
            assert_accessible(page, name)
        except pytest.fail.Exception as failure:
            self.failures.append(str(failure))

    def visit(self, page, path, name):
        response = page.goto(self.base + path)
        assert response is not None and response.status < 500, (path, response)
        self.check(page, name)

    def finish(self):
        if self.failures:
            pytest.fail("\n\n".join(self.failures), pytrace=False)


@pytest.fixture
def audit(live_server, screenshot):
    return Audit(live_server, screenshot)


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()


def invite_letter(application, organisation="Fundación Tribu"):
    invitation = letters_domain.invite_letter_author(
        application=application,
        organisation_name=organisation,
        email="tomas@tribu.example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=str,
    )
    return reverse("letter_invitation", args=[invitation_token(invitation)]), invitation


def invite_editor(application, email):
    tokens = []
    applications_editors.invite_editor(
        application=application,
        email=email,
        invited_by=application.owner_user,
        accept_url_for=lambda token: tokens.append(token) or token,
    )
    return reverse("editor_invitation_accept", args=[tokens[0]])


def fill_letter_form(page, tmp_path, data, filename="letter.pdf"):
    path = tmp_path / filename
    path.write_bytes(data)
    field(page, "Signed by").fill("Tomás González Olavarría")
    field(page, "Signatory's position").fill("Founder and President")
    fill_date(page, "Date signed", "2026-11-20")
    field(page, "Language of the letter").select_option("es")
    field(page, "Letter (PDF, or a scan as JPEG or PNG)").set_input_files(str(path))


# --- Public and account pages ------------------------------------------------------------------


def test_public_and_account_pages(live_server, page, audit, transactional_db):
    call = call_with_criteria(title="OGP Local 2026 call", slug="ogp-local-2026")
    coordinator = make_coordinator()
    decided = submitted_application(call=call, name="Municipality of Renca")
    decided.publication_consent = True
    decided.save(update_fields=["publication_consent"])
    decision = reviews_domain.record_decision(
        application=decided, outcome="admitted", reason="A clear plan.", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    submitted_application(call=call, name="Provincial Government of Cusco", country="PE")
    publish_results(call=call)

    audit.visit(page, "/accounts/login/", "log-in")
    field(page, "Email").fill("nobody@example.org")
    field(page, "Password").fill("not the password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .alert, main .invalid-feedback").first).to_be_visible()
    audit.check(page, "log-in-refused")

    audit.visit(page, "/accounts/password/reset/", "password-reset")
    audit.visit(page, "/accounts/signup/", "sign-up")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "sign-up-errors")
    field(page, "Full name").fill("Carla Rojas")
    # An address no other test signs up with: allauth limits confirmation e-mails per address,
    # in a cache that outlives each test.
    field(page, "Email").fill("a11y-sign-up@renca.example.org")
    field(page, "Password").fill("Open-government-2026")
    field(page, "Password (again)").fill("Open-government-2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    audit.check(page, "verification-sent")

    audit.visit(page, "/", "front-door")
    audit.visit(page, f"/calls/{call.slug}/", "call")
    audit.visit(page, f"/calls/{call.slug}/record/", "public-record")
    expect(page.get_by_role("cell", name="Provincial Government of Cusco")).to_have_count(0)
    expect(page.get_by_role("rowheader", name=re.compile("Renca"))).to_be_visible()
    audit.visit(page, "/letters/invitation/not-a-token/", "letter-link-unusable")
    audit.finish()


# --- Applicant pages ---------------------------------------------------------------------------


def test_applicant_pages(live_server, page, browser, audit, transactional_db, tmp_path):
    owner = UserFactory(full_name="Carla Rojas")
    complete = complete_application(
        ApplicationFactory(owner=owner, lead_government__name="Municipality of Renca")
    )
    invite_letter(complete, organisation="Fundación Ciudadanía Inteligente")
    draft = ApplicationFactory(
        owner=owner, call=complete.call, lead_government__name="Municipality of Peñalolén"
    )
    partner = PartnerFactory(application=draft, organisation__name="Fundación Tribu")
    colleague = UserFactory(email="colleague@renca.example.org")
    accept_path = invite_editor(complete, colleague.email)
    call = complete.call

    log_in(page, live_server, owner)
    audit.check(page, "dashboard")
    audit.visit(page, f"/calls/{call.slug}/", "call-signed-in")

    audit.visit(page, f"/calls/{call.slug}/apply/", "start-application")
    page.get_by_role("button", name="Create the application").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "start-application-errors")

    audit.visit(page, complete.get_absolute_url(), "application")
    audit.visit(page, draft.get_absolute_url(), "application-draft")
    ref = draft.reference

    audit.visit(page, f"/applications/{ref}/details/", "details")
    field(page, "Contact e-mail").fill("not an e-mail address")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "details-errors")

    section = call.sections.order_by("position").first()
    audit.visit(page, f"/applications/{ref}/sections/{section.pk}/", "section")
    for section in call.sections.order_by("position")[1:]:
        audit.visit(page, f"/applications/{ref}/sections/{section.pk}/", f"section-{section.pk}")

    audit.visit(page, f"/applications/{ref}/partners/add/", "partner-add")
    page.get_by_role("button", name="Save the partner").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "partner-add-errors")
    audit.visit(page, f"/applications/{ref}/partners/{partner.pk}/", "partner-edit")
    audit.visit(page, f"/applications/{ref}/partners/{partner.pk}/remove/", "partner-remove")

    audit.visit(page, f"/applications/{ref}/editors/invite/", "invite-colleague")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "invite-colleague-errors")

    audit.visit(page, f"/applications/{ref}/submit/", "submit")
    page.get_by_label("The information in this application is accurate").check()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator("#submission-refused")).to_be_focused()
    audit.check(page, "submit-refused")
    audit.visit(page, f"/applications/{complete.reference}/submit/", "submit-complete")
    audit.visit(page, f"/applications/{ref}/withdraw/", "withdraw")

    audit.visit(page, f"/applications/{complete.reference}/letters/", "letters")
    audit.visit(page, f"/applications/{ref}/letters/", "letters-empty")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "letters-invitation-errors")
    field(page, "Kind").select_option("civil_society")
    field(page, "Author organisation").fill("Fundación Tribu")
    fill_letter_form(page, tmp_path, samples.svg(), "letter.pdf")
    page.get_by_role("button", name="Upload the letter").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "letters-upload-refused")

    # The colleague accepts the invitation to edit.
    page.locator("header form button", has_text="Sign Out").click()
    log_in(page, live_server, colleague)
    audit.visit(page, accept_path, "editor-invitation-accept")
    audit.visit(page, "/invitations/editor/not-a-token/", "editor-invitation-invalid")
    audit.finish()


# --- Invitee pages -----------------------------------------------------------------------------


def test_invitee_pages(live_server, page, audit, transactional_db, tmp_path):
    application = ApplicationFactory(lead_government__name="Municipality of Renca")
    PartnerFactory(application=application, organisation__name="Fundación Tribu")
    path, invitation = invite_letter(application)

    audit.visit(page, path, "invitee-upload")
    fill_letter_form(page, tmp_path, samples.svg())
    page.get_by_role("button", name="Send the letter").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "invitee-upload-refused")

    fill_letter_form(page, tmp_path, samples.pdf("Fundación Tribu apoya a Renca."))
    page.get_by_role("button", name="Send the letter").click()
    expect(page.get_by_role("heading", name="Thank you: your letter was received")).to_be_visible()
    audit.check(page, "invitee-thanks")
    audit.visit(page, path, "invitee-upload-replace")

    letters_domain.revoke_invitation(invitation=invitation, user=application.owner_user)
    audit.visit(page, path, "invitee-link-revoked")
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    audit.finish()


# --- Spanish -----------------------------------------------------------------------------------


def test_pages_in_spanish(live_server, page, audit, transactional_db, tmp_path):
    owner = UserFactory()
    application = complete_application(ApplicationFactory(owner=owner))
    path, _ = invite_letter(application)
    log_in(page, live_server, owner)

    switch = page.locator("header").get_by_role("button", name="Español")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("header").get_by_role("button", name="Español")).to_have_attribute(
        "aria-pressed", "true"
    )
    audit.check(page, "es-dashboard")
    audit.visit(page, application.get_absolute_url(), "es-application")
    audit.visit(page, f"/calls/{application.call.slug}/apply/", "es-start-application")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    audit.check(page, "es-start-application-errors")
    audit.visit(page, f"/applications/{application.reference}/letters/", "es-letters")
    audit.visit(page, f"/applications/{application.reference}/submit/", "es-submit")
    audit.visit(page, path, "es-invitee-upload")
    audit.finish()


# --- Keyboard ----------------------------------------------------------------------------------


def focused(page):
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            id: el.id, tag: el.tagName.toLowerCase(), text: el.innerText || '',
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
            // Chromium's date field has a calendar button of its own, inside the field: then
            // the field is the active element but not :focus (the button draws its own ring).
            picker: el.type === "date" && !el.matches(":focus"),
            visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < innerHeight,
          };
        }"""
    )


def test_keyboard_only_skip_link_and_starting_an_application(
    live_server, page, transactional_db, screenshot
):
    owner = UserFactory()
    call = call_with_criteria(title="OGP Local 2026 call")
    log_in(page, live_server, owner)

    # The first Tab from the top of the page reaches the skip link, shown while focused.
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["tag"] == "a" and skip["text"] == "Skip to main content", skip
    assert skip["visible"] and skip["outline"], skip
    screenshot(page, "a11y-keyboard-skip-link")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # The start form, from its skip link to its button, with the keyboard alone.
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    order = []
    for _ in range(12):  # a date field is three stops (day, month, year)
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["visible"] and (now["outline"] or now["picker"]), repr(now)
        name = now["id"] or now["text"].strip()
        if not order or order[-1] != name:
            order.append(name)
        if name == "Create the application":
            break
    assert order == [
        "id_name",
        "id_country",
        "id_government_level",
        "id_term_ends_on_0",
        "id_term_ends_on_1",
        "id_term_ends_on_2",
        "id_language",
        "Create the application",
    ], order

    # Again from the skip link: type, choose and submit without a mouse.
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_name"
    page.keyboard.type("Municipality of Renca")
    page.keyboard.press("Tab")
    page.keyboard.type("Chile")  # a focused <select> picks the option typed
    page.keyboard.press("Tab")
    page.keyboard.type("Municipal")
    page.keyboard.press("Tab")
    page.keyboard.type("6")  # day, month by name, year: the same in every browser locale
    page.keyboard.press("Tab")
    page.keyboard.type("December")
    page.keyboard.press("Tab")
    page.keyboard.type("2029")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_language"
    page.keyboard.press("Tab")
    assert focused(page)["text"].strip() == "Create the application"
    screenshot(page, "a11y-keyboard-start-form")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Municipality of Renca")).to_be_visible()
    assert page.locator("dd", has_text="Chile").count() == 1


def test_errors_are_linked_to_their_fields_and_announced(live_server, page, transactional_db):
    owner = UserFactory()
    call = call_with_criteria()
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    page.get_by_role("button", name="Create the application").click()

    name = page.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    described_by = name.get_attribute("aria-describedby").split()
    assert "id_name_error" in described_by
    expect(page.locator("#id_name_error")).to_contain_text("This field is required")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("Name of the government")).press("Enter")
    expect(name).to_be_focused()
