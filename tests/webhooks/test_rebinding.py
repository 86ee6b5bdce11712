"""DNS rebinding: the webhook request goes to the address the check vetted, never to a second
answer for the same name; over https the name is still what TLS speaks to and verifies.

DNS leaves the machine, so the endpoints' names are answered by a resolver the test controls
(``socket.getaddrinfo`` patched for those names only). Everything else is real: HTTP servers on
loopback, requests and urllib3 connecting to them, a TLS server with a certificate from a test
authority (trustme).
"""

import itertools
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests
from django.test import override_settings

from webhooks import domain, transport
from webhooks.addresses import AddressRefused
from webhooks.enums import DeliveryStatus, Event
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db

# A public address (not private, loopback, reserved...). The test's "internet" routes it to a
# server on 127.0.0.2, so that nothing leaves the machine.
PUBLIC = "93.184.215.14"


class Receiver:
    """An HTTP(S) server on a loopback address, recording each POST's Host header and body."""

    def __init__(self, address="127.0.0.1", tls_context=None):
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((self.headers["Host"], body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer((address, 0), Handler)
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        self.address, self.port = address, self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made = []

    def make(*args, **kwargs):
        made.append(Receiver(*args, **kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


@pytest.fixture
def resolver(monkeypatch):
    """``resolver.answer(name, [addresses...], [addresses...])``: the first look-up of ``name``
    gets the first list, the next look-up the second, and so on (the last one repeats).
    ``resolver.route(address, (ip, port))``: connections to ``address`` reach ``(ip, port)``.
    Any other name goes to the real resolver. ``resolver.lookups`` counts look-ups per name."""
    real = socket.getaddrinfo

    class Resolver:
        def __init__(self):
            self.answers, self.routes, self.lookups = {}, {}, {}

        def answer(self, name, *answers):
            self.answers[name] = itertools.chain(answers, itertools.repeat(answers[-1]))

        def route(self, address, to):
            self.routes[address] = to

        def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
            if host in self.routes:
                return real(*self.routes[host], family, type, proto, flags)
            if host not in self.answers:
                return real(host, port, family, type, proto, flags)
            self.lookups[host] = self.lookups.get(host, 0) + 1
            return [
                (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
                for address in next(self.answers[host])
            ]

    fake = Resolver()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


def test_a_name_that_rebinds_to_loopback_after_the_check_is_not_followed_inside(
    receivers, resolver
):
    """The first answer is public (the check passes), every later one is loopback: the request
    goes to the public address that was checked, and the server inside hears nothing."""
    inside = receivers()  # 127.0.0.1: what the rebinding answer points at
    outside = receivers("127.0.0.2")  # stands for the public address
    resolver.answer("rebind.example.org", [PUBLIC], ["127.0.0.1"])
    resolver.route(PUBLIC, (outside.address, outside.port))
    Endpoint.objects.create(
        url=f"http://rebind.example.org:{inside.port}/hook", events=[Event.PLAN_PUBLISHED]
    )
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={"plan": 1, "member": 1})

    assert domain.attempt(delivery.pk, last=True) is False

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert inside.received == []
    ((host, body),) = outside.received
    assert host == f"rebind.example.org:{inside.port}"  # the name, not the address
    assert b'"plan":1' in body
    assert resolver.lookups == {"rebind.example.org": 1}  # resolved once, by the check


def test_a_name_whose_first_answer_is_loopback_is_refused_without_a_request(receivers, resolver):
    inside = receivers()
    resolver.answer("inside.example.org", [PUBLIC, "127.0.0.1"])  # one bad answer is enough
    Endpoint.objects.create(
        url=f"http://inside.example.org:{inside.port}/hook", events=[Event.PLAN_PUBLISHED]
    )
    (delivery,) = domain.emit(event=Event.PLAN_PUBLISHED, data={})

    domain.attempt(delivery.pk, last=False)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REFUSED
    assert "private or loopback" in delivery.error
    assert inside.received == []


@pytest.fixture
def authority(tmp_path, monkeypatch):
    """A test certificate authority that requests trusts (through REQUESTS_CA_BUNDLE, as an
    operator's own bundle would be given)."""
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    return ca


def tls_context(ca, name):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)
    return context


@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True)  # the test's server is on loopback
def test_over_https_the_name_is_sent_as_sni_and_its_certificate_is_checked(
    receivers, resolver, authority
):
    server = receivers(tls_context=tls_context(authority, "hooks.example.org"))
    resolver.answer("hooks.example.org", [server.address])
    resolver.answer("other.example.org", [server.address])
    url = f"https://hooks.example.org:{server.port}/hook"

    response = transport.post(url, data=b"{}", headers={}, timeout=5)

    assert response.status_code == 204
    assert server.received == [(f"hooks.example.org:{server.port}", b"{}")]
    # The same server under a name its certificate is not for: refused by the TLS check.
    with pytest.raises(requests.exceptions.SSLError):
        transport.post(
            f"https://other.example.org:{server.port}/hook", data=b"{}", headers={}, timeout=5
        )
    assert resolver.lookups == {"hooks.example.org": 1, "other.example.org": 1}


def test_the_url_is_rewritten_to_the_address_with_the_name_as_host():
    assert transport._pinned("https://user:pw@hooks.example.org:8443/a?b=1", "203.0.113.5") == (
        "https://user:pw@203.0.113.5:8443/a?b=1",
        "hooks.example.org:8443",
    )
    assert transport._pinned("http://hooks.example.org/x", "2001:db8::1") == (
        "http://[2001:db8::1]/x",
        "hooks.example.org",
    )
    assert transport._pinned("https://bücher.example/x", "203.0.113.5") == (
        "https://203.0.113.5/x",
        "xn--bcher-kva.example",
    )


def test_an_unresolvable_name_is_refused(monkeypatch):
    def nowhere(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", nowhere)
    with pytest.raises(AddressRefused):
        transport.post("https://nowhere.example.org/", data=b"", headers={}, timeout=5)
