"""How long a page or fragment may be kept: never past the moment the next
scheduled change goes public (as the apps registered it: pagecache.registry),
so it appears on time without any job; and, in the front, never past
midnight (portal time), when every page's date line changes."""

import contextlib
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.cache import CACHE_ERRORS

from . import registry

# [generation, moment (time.time(), 0: none scheduled)] this process last looked up
_next_change: list[Any] = [None, 0.0]


def seconds_until_next_change(generation):
    """Seconds (int, at least 1) before the next scheduled change goes public,
    or None when none is scheduled. Looked up once per page generation and
    kept in the shared cache and in this process (a publish or a schedule
    change expires pages, which moves the generation); looked up again once
    that moment has passed. While the shared cache is unreachable each
    process looks it up itself. Raises what the database raises."""
    now = time.time()
    known_generation, moment = _next_change
    if known_generation != generation or 0 < moment <= now:
        key = f"pages:next:{generation}"
        moment = None
        with contextlib.suppress(*CACHE_ERRORS):
            moment = cache.get(key)
        if moment is None or 0 < moment <= now:
            upcoming = registry.next_change()
            moment = upcoming.timestamp() if upcoming else 0
            with contextlib.suppress(*CACHE_ERRORS):
                cache.set(key, moment, settings.PAGE_CACHE_SECONDS or None)
        _next_change[:] = [generation, moment]
    return max(1, int(moment - now)) if moment else None


UNKNOWN = object()


def known_seconds_until_next_change(generation):
    """What `seconds_until_next_change(generation)` returns, when this process
    knows it without a look-up; UNKNOWN otherwise."""
    known_generation, moment = _next_change
    now = time.time()
    if known_generation != generation or 0 < moment <= now:
        return UNKNOWN
    return max(1, int(moment - now)) if moment else None


# The next midnight (time.time()) this process worked out: every page served
# asks, and the time-zone arithmetic cost more than the rest of a hit's headers.
_midnight = [0.0]
DAY_SECONDS = 86_400


def next_midnight():
    """The next midnight in the portal's time zone (an aware datetime):
    every page's top strip carries the day's date line, so no page is kept
    into the next day."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def seconds_until_midnight():
    """Seconds (int, at least 1) before the next midnight, portal time."""
    now = time.time()
    if not 0 < _midnight[0] - now <= DAY_SECONDS:  # passed (or the clock moved back)
        _midnight[0] = next_midnight().timestamp()
    return max(1, int(_midnight[0] - now))
