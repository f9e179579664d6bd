"""Throttling password and code guesses without locking anyone out.

Failed password checks are counted in the shared cache for
STAFF_SIGNIN_WINDOW_SECONDS: per network (a /24 or a /64, so rotating
addresses inside one does not reset the count), per existing username (a
password tried on one account from many networks) and in all (spraying from
many networks). Once any count reaches its free failures, the sign-in form
asks for a captcha before it checks a password. Nobody is refused for good:
an approver whose account is being guessed at signs in with a captcha.

Wrong second-factor codes are counted the same way, apart (`kind="code"`),
and the code page asks for a captcha past them: someone who has the password
cannot try a million codes, nor lock the owner out of giving theirs.

Only failures that reached the password (or code) check are counted, so the
keys are bounded by the free failures plus the captchas solved; usernames that
do not exist get no key of their own.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.cache import CACHE_ERRORS
from core.client_ip import client_ip

from .networks import network_of


def _keys(request, username: str, *, known: bool, kind: str) -> dict[str, int]:
    """The counters a failure of `username` from `request` adds to, each with
    its free failures."""
    free = settings.STAFF_SIGNIN_FREE_FAILURES
    keys = {
        f"staff-{kind}:network:{network_of(client_ip(request)) or 'unknown'}": free,
        f"staff-{kind}:all": settings.STAFF_SIGNIN_FREE_FAILURES_IN_ALL,
    }
    if known:
        digest = hashlib.sha256(username.lower().encode()).hexdigest()[:32]
        keys[f"staff-{kind}:user:{digest}"] = free
    return keys


def count_failure(request, username: str, *, known: bool, kind: str = "signin") -> None:
    """Count one failed check of `username` (`known`: an existing account)
    from `request`'s network; `kind`: "signin" (a password) or "code" (a
    second-factor code)."""
    window = settings.STAFF_SIGNIN_WINDOW_SECONDS
    try:
        for key in _keys(request, username, known=known, kind=kind):
            cache.add(key, 0, window)  # starts the window with the first failure
            cache.incr(key)
    except (*CACHE_ERRORS, ValueError):  # ValueError: the key expired in between
        pass


def needs_captcha(request, username: str, *, kind: str = "signin") -> bool:
    """Whether a password (`kind` "signin") or a code ("code") of `username`
    from `request` must come with a solved captcha: true once any of its
    counters used up its free failures, and while the cache is down (failing
    closed costs a captcha, not a lock-out)."""
    keys = _keys(request, username, known=True, kind=kind)
    try:
        counts = cache.get_many(list(keys))
    except CACHE_ERRORS:
        return True
    return any(counts.get(key, 0) >= free for key, free in keys.items())
