"""Sign-in lock-outs (django-axes) that keep working while Redis is down.

Axes counts failed sign-ins in the shared cache, so a lock-out holds on every
app server. While that cache cannot be reached, each process counts in its
own memory instead (bounded: at most MAX_ENTRIES counters, the oldest
dropped): staff can still sign in, a guesser is still locked out after
AXES_FAILURE_LIMIT failures per process, and nothing is written to the
database for it.
"""

import logging

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache
from django.core.cache.backends.locmem import LocMemCache

from .cache import CACHE_ERRORS

log = logging.getLogger(__name__)
MAX_ENTRIES = 10_000


class FallbackCache:
    """The calls axes makes, on `shared`, or on `local` when `shared` raises."""

    def __init__(self, shared, local):
        self.shared = shared
        self.local = local

    def _call(self, name, *args, **kwargs):
        try:
            return getattr(self.shared, name)(*args, **kwargs)
        except CACHE_ERRORS:
            log.warning("sign-in failures counted in this process: shared cache unreachable")
            return getattr(self.local, name)(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)


class FallbackAxesCacheHandler(AxesCacheHandler):
    """AxesCacheHandler counting in this process's memory while the shared
    cache is unreachable (AXES_HANDLER)."""

    def __init__(self):
        super().__init__()
        local = LocMemCache("axes-fallback", {"OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}})
        self.cache = FallbackCache(get_cache(), local)
