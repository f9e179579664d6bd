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
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from core.cache import CACHE_ERRORS
from core.client_ip import client_ip

from .networks import network_of

log = logging.getLogger(__name__)
# While the shared cache cannot be reached, each process counts in its own
# bounded memory (the oldest counters dropped): staff still sign in, and a
# guesser still meets the captcha after the free failures on that process.
_local = LocMemCache("staff-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _counters(operation):
    """Run `operation(cache)` on the shared cache, or on this process's
    memory when the shared one is unreachable."""
    try:
        return operation(cache)
    except CACHE_ERRORS:
        log.warning("staff sign-in failures counted in this process: shared cache unreachable")
        return operation(_local)


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

    def count(counters):
        for key in _keys(request, username, known=known, kind=kind):
            counters.add(key, 0, window)  # starts the window with the first failure
            try:
                counters.incr(key)
            except ValueError:  # the key expired in between
                counters.add(key, 1, window)

    _counters(count)


def needs_captcha(request, username: str, *, kind: str = "signin") -> bool:
    """Whether a password (`kind` "signin") or a code ("code") of `username`
    from `request` must come with a solved captcha: true once any of its
    counters used up its free failures (counted in this process while the
    shared cache is down)."""
    keys = _keys(request, username, known=True, kind=kind)
    counts = _counters(lambda counters: counters.get_many(list(keys)))
    return any(counts.get(key, 0) >= free for key, free in keys.items())
