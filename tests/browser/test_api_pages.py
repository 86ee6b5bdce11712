"""The API's human side: the browsable schema (Swagger UI from the sidecar's static files, under
the portal's content security policy) and the account's token page."""

from playwright.sync_api import expect

from tests.browser.staff import log_into_admin
from tests.reviews.factories import make_coordinator


def test_the_api_documentation_renders_without_a_cdn(live_server, page, screenshot):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_text("OGP Local API").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/members/").first).to_be_visible()
    screenshot(page, "api-docs")
    assert outside == []


def test_a_coordinator_makes_a_token_after_the_second_factor(live_server, page, screenshot):
    coordinator = make_coordinator()
    log_into_admin(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/applications/")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Pipeline dashboard")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("New token").input_value()
    assert token.startswith("ogp_")
    screenshot(page, "api-token-created")

    answer = page.request.get(
        f"{live_server.url}/api/v1/review/applications/",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status == 200
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    again = page.request.get(
        f"{live_server.url}/api/v1/review/applications/",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert again.status == 401


def test_a_coordinator_registers_a_webhook_and_reads_its_log(
    live_server, page, screenshot, settings
):
    from webhooks.models import Delivery, Endpoint

    # The test machine resolves no public name: an endpoint on this machine (localhost, from
    # /etc/hosts), private addresses allowed; the address check is tested elsewhere.
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    coordinator = make_coordinator()
    log_into_admin(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/admin/webhooks/endpoint/add/")
    page.get_by_label("URL").fill("https://localhost/ogp")
    page.get_by_label("Action plan published").check()
    screenshot(page, "webhook-endpoint-add")
    page.get_by_role("button", name="Save", exact=True).click()
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["plan.published"]
    # The secret is shown once, on the page after saving; masked on the endpoint's page.
    expect(page.get_by_label("Signing secret")).to_have_value(endpoint.secret)
    screenshot(page, "webhook-secret-shown-once")
    page.get_by_role("link", name="Back to the endpoint").click()
    expect(page.locator(".field-signing_secret code")).to_have_text(
        endpoint.secret[: len("whsec_") + 4] + "…"
    )
    page.get_by_role("link", name="Rotate").click()
    screenshot(page, "webhook-secret-rotate")
    page.get_by_role("button", name="Rotate the secret").click()
    old, endpoint = endpoint.secret, Endpoint.objects.get()
    assert endpoint.secret != old
    expect(page.get_by_label("Signing secret")).to_have_value(endpoint.secret)

    Delivery.objects.create(
        endpoint=endpoint,
        event="plan.published",
        payload={"data": {}},
        status="failed",
        attempts=6,
        response_code=500,
    )
    page.goto(f"{live_server.url}/admin/webhooks/delivery/")
    expect(page.get_by_role("cell", name="500")).to_be_visible()
    screenshot(page, "webhook-deliveries")
