"""A 60-character address in the header never pushes the page sideways: the main pages, in each
language, at a phone's, a tablet's and a laptop's width, with the menu open where it folds."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.staff import log_into_admin
from tests.factories import ApplicationFactory
from tests.members.factories import quick_member
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.browser


# 60 characters: a department mailbox with plus-addressing, as the issue saw it.
LONG_ADDRESS = "carla.rojas+202612061@gobierno-regional-santiago.example.org"
STAFF_ADDRESS = "mariana.ferreira+2026@gobierno-regional-santiago.example.org"
WIDTHS = (320, 768, 1280)
LANGUAGES = ("en", "es", "fr", "pt")

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && getComputedStyle(element).position !== "fixed";
  }).map((element) => element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ").join(".") : ""));
  return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
}"""


def assert_fits(page, what):
    result = page.evaluate(OVERFLOW)
    assert result["scroll"] <= 0, (
        f"{what}: {result['scroll']} px of horizontal scroll ({result['wide']})"
    )


def walk(page, base_url, paths, user, screenshot, label):
    for language in LANGUAGES:
        User.objects.filter(pk=user.pk).update(language=language)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in paths:
                page.goto(base_url + path)
                what = f"{name} in {language} at {width} px"
                assert_fits(page, what)
                toggler = page.locator(".navbar-toggler")
                if toggler.count() and toggler.is_visible():
                    toggler.click()
                    expect(page.locator("#nav-menu")).to_be_visible()
                    assert_fits(page, what + " with the menu open")
                if language == "es" and name == names_to_shoot.get(label):
                    screenshot(page, f"long-address-{label}-{name}-{width}")


names_to_shoot = {"applicant": "application", "staff": "desk"}


def test_a_long_address_keeps_the_applicant_pages_on_screen(live_server, page, screenshot):
    applicant = User.objects.create_user(email=LONG_ADDRESS, password="a-long-test-password-31")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    application = ApplicationFactory(owner=applicant)
    member = quick_member(editors=[applicant])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill("a-long-test-password-31")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    # The whole address is still there for who needs it: in the link's title.
    assert page.locator(".account-email").get_attribute("title") == LONG_ADDRESS

    paths = [
        ("front-door", reverse("front_door")),
        ("dashboard", reverse("dashboard")),
        ("application", reverse("application_detail", args=[application.reference])),
        ("letters", reverse("letters_manage", args=[application.reference])),
        ("member", reverse("members:member", args=[member.pk])),
        ("workspace", reverse("members:member_workspace", args=[member.pk])),
    ]
    walk(page, live_server.url, paths, applicant, screenshot, "applicant")


def test_a_long_address_keeps_the_desk_on_screen(live_server, page, screenshot):
    coordinator = make_coordinator(email=STAFF_ADDRESS)
    log_into_admin(page, live_server.url, coordinator)
    walk(
        page, live_server.url, [("desk", reverse("admin:index"))], coordinator, screenshot, "staff"
    )


def test_the_addresses_are_sixty_characters():
    assert len(LONG_ADDRESS) == len(STAFF_ADDRESS) == 60
