"""Where a request comes from, for rate limits, the sign-in lock-out and the audit trail.

Behind a load balancer every request arrives from the balancer's address, and the visitor's
own is in `X-Forwarded-For`, which anyone can also send. So that header is believed only when
the request arrives from a proxy the deployment lists in `NAVIGATOR_TRUSTED_PROXIES`, and only
as far as it was written by trusted proxies: read from the right, the first address that is
not a trusted proxy is the client."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address: IPAddress) -> bool:
    return any(address in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the peer's, unless the peer is a trusted proxy."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while _is_trusted(client) and forwarded:
        hop = _address(forwarded.pop())
        if hop is None:  # not written by a proxy we trust: believe nothing further left
            break
        client = hop
    return str(client)
