"""The page generation: one number in the shared cache that every publish bumps.

Every cached page records the generation it was rendered under; a page of an
older generation is stale. The number lives in the shared cache (Redis), so a
bump on one server makes the pages of every server stale at once. Each process
follows it through Redis pub/sub (watch.py), so reading it costs no
network round trip; the watcher is set up in `PagecacheConfig.ready()`.
"""

import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache

from core.cache import CACHE_ERRORS

from .watch import GenerationWatcher

log = logging.getLogger(__name__)
GENERATION_KEY = "pages:generation"
_watcher = None


def _clock():
    """Where a lost generation restarts: the clock in microseconds, above any
    generation reached before (a bump adds one; nothing bumps a million times
    a second), so generations only move forward."""
    return int(time.time() * 1_000_000)


def _read_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _clock(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def start_watcher():
    """Follow the generation through Redis pub/sub in this process (called from
    `AppConfig.ready()`). The subscribing thread itself starts on first use, in
    each gunicorn worker after the fork; without Redis nothing is watched."""
    global _watcher
    if settings.REDIS_URL and _watcher is None:
        # Pub/sub channels are shared by every database of a Redis server: the
        # channel names the database too, or another site (or test run) with
        # the same key prefix on another database would move this generation.
        db = redis.Redis.from_url(settings.REDIS_URL).connection_pool.connection_kwargs.get("db", 0)
        channel = f"{cache.make_key(GENERATION_KEY)}@db{db}"
        _watcher = GenerationWatcher(settings.REDIS_URL, channel, _read_generation)


def page_generation():
    """The current generation (an int): this process's watched copy when Redis
    is the shared cache, else read from the (local) cache. None while the
    shared cache cannot be reached: pages are then rendered, not cached."""
    try:
        return _watcher.current() if _watcher else _read_generation()
    except CACHE_ERRORS:
        log.warning("page cache off: shared cache unreachable", exc_info=True)
        return None


def bump_page_generation(**_):
    """Make every cached public page stale, on every server (signal receiver)."""
    try:
        try:
            generation = cache.incr(GENERATION_KEY)  # atomic: concurrent bumps both count
        except ValueError:  # the key was lost: restart above every earlier value
            cache.add(GENERATION_KEY, _clock(), None)
            generation = cache.incr(GENERATION_KEY)
    except CACHE_ERRORS:
        # Every server reads the generation through the same cache, so while
        # it is down none of them caches pages; nothing stale can be served.
        log.error("page generation not bumped: shared cache unreachable", exc_info=True)
        return
    if _watcher:
        _watcher.published(generation)
