"""No request to the inside: a webhook URL whose host resolves to a private, loopback,
link-local or reserved address is refused, unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is on.

The request is then made to the address vetted here (``transport.post``), so a name cannot
resolve to one address for the check and to another for the request."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class AddressRefused(Exception):
    pass


def _is_internal(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_url(url):
    """Resolve the URL's host once and return the address to send to (the first answer).

    Raise AddressRefused unless every address of the host is public (any address, with
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES on)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(_("Only http and https URLs can receive webhooks."))
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused(_("The endpoint's host name does not resolve.")) from None
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES and any(map(_is_internal, addresses)):
        raise AddressRefused(_("The endpoint resolves to a private or loopback address."))
    return addresses[0]
