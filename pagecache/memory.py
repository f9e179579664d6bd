"""The per-process level of the page store (settings.CACHES["pages"]):
Django's local-memory cache, keeping values as they are instead of pickled.

The values are CachedPage objects (store.py): frozen, holding bytes and
tuples, so the copy that pickling makes on every `set` and `get` protects
nothing, and unpickling a page of tens of kilobytes was the largest part of
answering a hit. Only for immutable values: a mutable one would be shared by
every request that reads it.
"""

# django-stubs leave out LocMemCache's own attributes (its lock, its dict).
# mypy: disable-error-code="attr-defined"

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ImmutableLocMemCache(LocMemCache):
    """LocMemCache without pickling (same expiry, culling and locking)."""

    def make_and_validate_key(self, key, version=None):
        # The keys are the page cache's own (canonical.page_key: "page:" and a
        # hex digest), never a client's text: the per-character check for
        # memcached's rules is skipped.
        return self.make_key(key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
        return value
