"""The client's address, trusting forwarding headers only from known proxies."""

import ipaddress
import re

from django.conf import settings

# Some load balancers (Azure Application Gateway, several CDNs) append the
# client's port too: "203.0.113.7:51234", "[2001:db8::1]:443".
_WITH_PORT_RE = re.compile(r"\[(?P<v6>[^\]]+)\](?::\d{1,5})?|(?P<v4>[\d.]+):\d{1,5}")


def client_ip(request):
    """The reader's address as a string, or "" when none can be trusted.

    REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = N proxies in front, the entry
    the outermost trusted proxy appended to X-Forwarded-For (the N-th from the
    right). Entries further left were written by the client and are never
    trusted, nor is X-Real-IP or any other header. Whatever is taken must
    parse as an IP address, with or without a port (`_WITH_PORT_RE`).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.headers.get("x-forwarded-for", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    with_port = _WITH_PORT_RE.fullmatch(candidate)
    if with_port:
        candidate = with_port["v6"] or with_port["v4"]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""
