"""No request to the inside: a webhook URL whose host resolves to a private, loopback,
link-local or reserved address is refused, unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is on."""

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
    """Raise AddressRefused unless every address of the URL's host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(_("Only http and https URLs can receive webhooks."))
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise AddressRefused(_("The endpoint's host name does not resolve.")) from None
    if any(_is_internal(info[4][0]) for info in infos):
        raise AddressRefused(_("The endpoint resolves to a private or loopback address."))
