"""The client's address, trusting forwarding headers only from known proxies."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or with N trusted proxies in front, the address the
    outermost trusted proxy saw (the N-th entry from the right of
    X-Forwarded-For). A client-sent header is never trusted on its own."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
