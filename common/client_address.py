"""The client's address, one answer for the whole portal: django-allauth's sign-in limits and
the portal's own per-address decisions (the health check's deep answer) ask the same function.

Behind the TLS proxy every connection comes from the proxy; the client's address is then the
entry of X-Forwarded-For that ``ALLAUTH_TRUSTED_PROXY_COUNT`` (the ``TRUSTED_PROXY_COUNT``
setting, 1 with ``TRUST_PROXY_HEADERS``) names from the right; without a trusted proxy, the
connection's address (docs/deployment.md).
"""

import ipaddress

from allauth.account.adapter import get_adapter

# Loopback and the private ranges (RFC 1918, RFC 4193), where the machines around a web server
# are: a container's health check, a load balancer beside it.
LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128")
    + ("fc00::/7",)
)


def client_address(request) -> str:
    """The address allauth's limits key on (its adapter's ``get_client_ip``)."""
    return get_adapter(request).get_client_ip(request)


def is_local(address: str) -> bool:
    """Loopback or a private network (a container's health check, a machine beside it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in LOCAL_NETWORKS)
