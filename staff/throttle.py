"""Throttling password guesses without locking anyone out.

Failed password checks are counted in the shared cache for
STAFF_SIGNIN_WINDOW_SECONDS: per network (a /24 or a /64, so rotating
addresses inside one does not reset the count), per existing username (a
password tried on one account from many networks) and in all (spraying from
many networks). Once any count reaches its free failures, the sign-in form
asks for a captcha before it checks a password. Nobody is refused for good:
an approver whose account is being guessed at signs in with a captcha.

Only failures that reached the password check are counted, so the keys are
bounded by the free failures plus the captchas solved; usernames that do not
exist get no key of their own.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.cache import CACHE_ERRORS
from core.client_ip import client_ip

from .networks import network_of


def _keys(request, username: str, *, known: bool) -> dict[str, int]:
    """The counters a failure of `username` from `request` adds to, each with
    its free failures."""
    free = settings.STAFF_SIGNIN_FREE_FAILURES
    keys = {
        f"staff-signin:network:{network_of(client_ip(request)) or 'unknown'}": free,
        "staff-signin:all": settings.STAFF_SIGNIN_FREE_FAILURES_IN_ALL,
    }
    if known:
        digest = hashlib.sha256(username.lower().encode()).hexdigest()[:32]
        keys[f"staff-signin:user:{digest}"] = free
    return keys


def count_failure(request, username: str, *, known: bool) -> None:
    """Count one failed password check of `username` (`known`: an existing
    account) from `request`'s network."""
    window = settings.STAFF_SIGNIN_WINDOW_SECONDS
    try:
        for key in _keys(request, username, known=known):
            cache.add(key, 0, window)  # starts the window with the first failure
            cache.incr(key)
    except (*CACHE_ERRORS, ValueError):  # ValueError: the key expired in between
        pass


def needs_captcha(request, username: str) -> bool:
    """Whether a sign-in of `username` from `request` must solve a captcha
    first: true once any of its counters used up its free failures, and
    while the cache is down (failing closed costs a captcha, not a lock-out)."""
    keys = _keys(request, username, known=True)
    try:
        counts = cache.get_many(list(keys))
    except CACHE_ERRORS:
        return True
    return any(counts.get(key, 0) >= free for key, free in keys.items())
