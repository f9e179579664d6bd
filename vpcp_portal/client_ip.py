"""The client's address, trusting forwarding headers only from known proxies."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The reader's address as a string, or "" when none can be trusted.

    REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = N proxies in front, the entry
    the outermost trusted proxy appended to X-Forwarded-For (the N-th from the
    right). Entries further left were written by the client and are never
    trusted, nor is X-Real-IP or any other header. Whatever is taken must
    parse as an IP address.
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
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""
