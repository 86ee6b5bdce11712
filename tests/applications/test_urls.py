"""A reference in a URL is matched by its shape: malformed ones are a 404, never a server error."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


REFERENCE_ROUTES = sorted({route for route in routes() if "reference>" in route})


def test_every_route_with_a_reference_uses_the_reference_converter():
    assert REFERENCE_ROUTES, "no route names an application reference"
    assert [route for route in REFERENCE_ROUTES if "<reference:reference>" not in route] == []


@pytest.mark.parametrize("route", REFERENCE_ROUTES)
@pytest.mark.parametrize("bad", ["%00", "OGPL-2026-0001%00", "OGPL-2026-0001%00x", "x" * 300])
def test_a_malformed_reference_is_a_404_for_an_editor(client, route, bad):
    application = ApplicationFactory()
    client.force_login(application.owner_user)
    url = "/" + route.replace("<reference:reference>", bad)
    for name in ("section_id", "partner_id", "letter_id", "invitation_id", "version"):
        url = url.replace(f"<int:{name}>", "1")

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
