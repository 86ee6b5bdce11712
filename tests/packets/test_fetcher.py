"""User text can never make the server fetch a URL; the fetcher serves only what a packet needs."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from applications.models import Answer
from packets import domain
from packets.enums import PacketStatus
from packets.fetcher import PacketURLFetcher, ResourceRefused
from packets.rendering import ResourceNotAllowed
from packets.rendering.pdf import layout
from tests.packets.helpers import (
    current_packet,
    normalised,
    packet_text,
    read_packet,
    submitted_application,
)


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 that records every request it receives."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.requests = requests
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.django_db
def test_markup_in_an_answer_is_printed_as_text_and_fetches_nothing(listener, monkeypatch):
    fetched = []
    fetch = PacketURLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(PacketURLFetcher, "fetch", spy)
    application = submitted_application()
    hostile = (
        f'<img src="{listener.url}/tracker.png"> and '
        '<link rel="stylesheet" href="file:///etc/passwd"> '
        f"<style>@import url({listener.url}/x.css);</style>"
    )
    answer = Answer.objects.filter(application=application).order_by("id").first()
    answer.value = hostile
    answer.save()

    packet = domain.render_packet(packet=domain.request_packet(application=application))

    assert packet.status == PacketStatus.READY, packet.error
    text = packet_text(read_packet(packet))
    # Long words break anywhere at the end of a line: compare without white space.
    assert "".join(hostile.split()) in "".join(text.split())
    assert "root:" not in text
    assert listener.requests == []
    assert fetched == ["ogp-static:packets/packet.css"]


@pytest.mark.django_db
def test_a_url_in_the_html_itself_is_refused_and_stops_the_rendering(listener):
    """Defence in depth: even if markup reached the HTML, the fetcher would not go out."""
    fetcher = PacketURLFetcher()
    html = (
        f'<html><body><p>Hello</p><img src="{listener.url}/tracker.png">'
        '<img src="file:///etc/passwd"></body></html>'
    )

    with pytest.raises(ResourceNotAllowed) as refused:
        layout(html, fetcher)

    assert f"{listener.url}/tracker.png" in str(refused.value)
    assert listener.requests == []
    assert fetcher.served == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/logo.png",
        "HTTP://127.0.0.1/",
        "file:///etc/passwd",
        "file:///work/main/static/css/portal.css",
        "ftp://127.0.0.1/x",
        "data:image/png;base64,iVBORw0KGgo=",
        "ogp-static:../ogp_portal/settings.py",
        "ogp-static:packets/../../ogp_portal/settings.py",
        "ogp-static:/etc/passwd",
        "ogp-static:packets/packet.css?x=1",
        "ogp-static:css/missing.css",
        "ogp-static:css/portal.py",
        "ogp-letter:1",
        "ogp-letter:../1",
        "relative/path.png",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_this_packets_letters(url):
    fetcher = PacketURLFetcher(letters={2: (b"\xff\xd8jpeg", "image/jpeg")})

    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)

    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_the_fetcher_serves_the_projects_static_files_and_the_letters_being_merged():
    fetcher = PacketURLFetcher(letters={2: (b"\xff\xd8jpeg", "image/jpeg")})

    stylesheet = fetcher.fetch("ogp-static:packets/packet.css")
    letter = fetcher.fetch("ogp-letter:2")

    assert stylesheet.content_type == "text/css"
    assert b"@page" in stylesheet.read()
    assert letter.content_type == "image/jpeg"
    assert letter.read() == b"\xff\xd8jpeg"


@pytest.mark.django_db
def test_a_scan_is_placed_on_its_own_page_through_the_fetcher():
    from tests.letters import samples
    from tests.packets.helpers import add_letter

    application = submitted_application()
    scan = add_letter(
        application,
        author="Consejo Ciudadano de Renca",
        data=samples.jpeg(900, 1200),
        content_type="image/jpeg",
        original_filename="escaneo.jpg",
    )
    before = current_packet(application)

    packet = domain.render_packet(packet=domain.request_packet(application=application))

    assert packet.status == PacketStatus.READY, packet.error
    assert packet.version == before.version + 1
    reader = read_packet(packet)
    last_page = normalised(reader.pages[-1].extract_text())
    assert "Consejo Ciudadano de Renca" in last_page
    assert reader.pages[-1].images  # the scan itself
    assert packet.page_count == packet.rendered_page_count + sum(
        letter["page_count"] for letter in packet.inputs["letters"]
    )
    assert scan.sha256 in normalised(packet_text(reader))
