"""The per-network attempt limit where requests come in, shared by the JSON
API, the rating page and the captcha images: count the request as an
attempt, and put the refusal's Retry-After on the answer."""

from . import services
from .fingerprint import network_hash_of_request


def refusal_of_attempt(request):
    """Count this request as one attempt of its network. None when it may go
    on; else the services.VoteRefused to answer with (429 over the limit, 503
    while the counters cannot be reached)."""
    try:
        services.count_attempt(network_hash_of_request(request))
    except services.VoteRefused as refusal:
        return refusal
    return None


def with_retry_after(response, retry_after):
    """The response, telling the client when to try again (if it should wait)."""
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
