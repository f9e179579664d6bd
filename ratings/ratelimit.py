"""Per-network rate limits, counted in Django's cache framework so that they
hold across app servers (configure a shared cache in production: see
RATINGS_CACHE_ALIAS).

Fixed windows: a counter per network and window, expiring with the window.
Counting is atomic on Redis and Memcached (`incr`); a check and the count that
follows it are not one operation, so concurrent requests may overshoot a limit
by a few, which these limits can afford.

While the cache cannot be reached the limits fail closed: check(), count()
and hit() raise Unavailable, and callers refuse the request, because without
counters no limit would hold.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import caches

from vpcp_portal.cache import CACHE_ERRORS

from .conf import conf

HOUR = 3600
DAY = 86400
# What a cache client raises when its server is down or too slow (redis-py's
# errors; socket errors from the other clients).


@dataclass(frozen=True)
class Limit:
    name: str
    window: int  # seconds

    def maximum(self):
        return {
            "attempts": conf.MAX_ATTEMPTS_PER_NETWORK_PER_HOUR,
            "votes": conf.MAX_VOTES_PER_NETWORK_PER_DAY,
        }[self.name]


ATTEMPTS = Limit("attempts", HOUR)
VOTES = Limit("votes", DAY)


class RateLimited(Exception):
    """Raised when a network went over a limit; `retry_after` in seconds."""

    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = max(1, int(retry_after))


class Unavailable(Exception):
    """Raised when the cache holding the counters cannot be reached;
    `retry_after` in seconds: how long a client had better wait."""

    retry_after = 30


@contextmanager
def _counters():
    """The cache of the counters; its connection errors become Unavailable."""
    try:
        yield caches[conf.CACHE_ALIAS]
    except CACHE_ERRORS as exc:
        raise Unavailable from exc


def _window(limit, now):
    start = int(now // limit.window) * limit.window
    return start, start + limit.window


def _key(limit, network_hash, start):
    return f"ratings:rl:{limit.name}:{network_hash[:32]}:{start}"


def check(limit, network_hash, now=None):
    """Raise RateLimited if the network has used up `limit` in this window."""
    now = time.time() if now is None else now
    start, end = _window(limit, now)
    with _counters() as cache:
        used = cache.get(_key(limit, network_hash, start)) or 0
    if used >= limit.maximum():
        raise RateLimited(end - now)


def count(limit, network_hash, now=None):
    """Count one more use of `limit` in this window; returns the new count."""
    now = time.time() if now is None else now
    start, end = _window(limit, now)
    key = _key(limit, network_hash, start)
    timeout = int(end - now) + 60
    with _counters() as cache:
        cache.add(key, 0, timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
            return 1


def hit(limit, network_hash, now=None):
    """Check, then count: for limits on attempts, which count whatever the outcome."""
    check(limit, network_hash, now)
    return count(limit, network_hash, now)
