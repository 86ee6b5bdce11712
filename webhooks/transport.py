"""Send a webhook to the address that was checked, not to whatever the name resolves to next.

``addresses.check_url`` resolves the endpoint's host once and vets every address. If the
request then resolved the name again, a DNS answer that changed in between (DNS rebinding: a
public address for the check, a loopback one for the request) would lead the request inside.
So the request is made to the vetted address itself: the URL carries the IP address, the
``Host`` header the endpoint's name, and for https the TLS connection sends the name as SNI
and checks the certificate against it (urllib3's ``server_hostname``), as a request to the
name would. The name is resolved once per attempt, by the check, and never again.
"""

from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

from .addresses import check_url


class PinnedAddressAdapter(HTTPAdapter):
    """Connections for an URL whose host was replaced by an address: TLS still speaks to, and
    verifies the certificate of, ``hostname``."""

    def __init__(self, hostname, **kwargs):
        self.hostname = hostname
        super().__init__(**kwargs)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = self.hostname
        return host_params, pool_kwargs


def _pinned(url, address):
    """``url`` with its host replaced by ``address``, and the Host header it needs."""
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    port = f":{parts.port}" if parts.port else ""
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}{port}" if userinfo else f"{host}{port}"
    name = _ascii(parts.hostname)
    name = f"[{name}]" if ":" in name else name
    return urlunsplit(parts._replace(netloc=netloc)), f"{name}{port}"


def _ascii(hostname):
    """The name as it goes on the wire (IDNA), as requests would have written it."""
    return hostname.encode("idna").decode("ascii")


def post(url, *, data, headers, timeout):
    """POST ``data`` to ``url`` at the address the check vetted; no redirect is followed (one
    could lead inside). Raises ``AddressRefused`` like ``check_url``."""
    address = check_url(url)
    pinned_url, host = _pinned(url, address)
    with requests.Session() as session:
        adapter = PinnedAddressAdapter(_ascii(urlsplit(url).hostname))
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session.post(
            pinned_url,
            data=data,
            headers={**headers, "Host": host},
            timeout=timeout,
            allow_redirects=False,
        )
