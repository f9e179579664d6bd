"""The page generation: one number that every change expiring pages bumps.

Every cached page and fragment records the generation it was rendered under;
a page of an older generation is stale. The number lives in PostgreSQL (the
PageGeneration row), bumped in the very transaction of the change it
announces: it becomes visible exactly when the change does, and nothing that
happens to Redis (a restart with no data, a rollback to an older snapshot, an
outage during a publish) can lose it or take it back, so no page stored
under an older number is ever current again.

Each process keeps its copy and reads the row again at most every
POLL_SECONDS (one indexed read of one row; a cache hit costs no round trip).
Redis carries only the news: a committed bump is published on a pub/sub
channel (watch.py), so the other processes take it at once instead of at
their next read. Without Redis, a publish shows everywhere within
POLL_SECONDS all the same.
"""

import logging
import threading
import time

import psycopg
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

from .watch import GenerationWatcher

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0  # longest a process goes without reading the row
# PageGeneration's table (models.py), named, not imported: pagecache's
# __init__ loads before the app registry can load models.
_READ = "SELECT value FROM pagecache_generation WHERE id = 1"
# A missing row starts from the clock in microseconds: above any number an
# earlier row, or the generation earlier releases kept in Redis, reached (a
# bump adds one; nothing bumps a million times a second), so shared copies
# stored under those are stale and are replaced (store.py never stores a page
# over one of a higher generation).
# Portable SQL (PostgreSQL, and SQLite for `make run`); the clock is the
# app server's, passed in.
_BUMP = (
    "INSERT INTO pagecache_generation (id, value) VALUES (1, %s) "
    "ON CONFLICT (id) DO UPDATE SET value = pagecache_generation.value + 1 RETURNING value"
)
_watcher = None
_lock = threading.Lock()
_known = {"value": None, "read_at": float("-inf")}


def _read_stored():
    """The row's value (0 before the first bump). Through the raw driver
    cursor: the read is the cache's, not the page's, so it is left out of
    the queries a test counts for a page."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # sqlite3's is no context manager
    try:
        cursor.execute(_READ)
        row = cursor.fetchone()
    finally:
        cursor.close()
    return row[0] if row else 0


def start_watcher():
    """Follow committed bumps through Redis pub/sub in this process (called
    from `AppConfig.ready()`). The subscribing thread itself starts on first
    use, in each gunicorn worker after the fork; without Redis nothing is
    watched and each process reads the row every POLL_SECONDS."""
    global _watcher
    if settings.REDIS_URL and _watcher is None:
        # Pub/sub channels are shared by every database of a Redis server: the
        # channel names the database too, or another site (or test run) with
        # the same key prefix on another database would move this generation.
        db = redis.Redis.from_url(settings.REDIS_URL).connection_pool.connection_kwargs.get("db", 0)
        channel = f"{cache.make_key('pages:generation')}@db{db}"
        _watcher = GenerationWatcher(settings.REDIS_URL, channel, _heard)


def _heard(value):
    """A bump published by any process (`value`), or None when the watcher
    (re)subscribed and may have missed some: read the row at the next call."""
    if value is None:
        with _lock:
            _known["read_at"] = float("-inf")
    else:
        _advance(value)


def page_generation():
    """The current generation (an int), read from PostgreSQL at most every
    POLL_SECONDS. While the database cannot be read, the last value read (no
    change can be committed meanwhile); None when there is none yet: pages
    are then rendered, not cached."""
    if _watcher:
        _watcher.ensure_started()
    now = time.monotonic()
    if now - _known["read_at"] < POLL_SECONDS:
        return _known["value"]
    try:
        stored = _read_stored()
    except (DatabaseError, psycopg.Error):
        log.warning("page generation not read: database unreachable", exc_info=True)
        with _lock:
            _known["read_at"] = now  # tried again after POLL_SECONDS, not every request
        return _known["value"]
    with _lock:
        # A bump heard meanwhile may be above the value read before it.
        known = _known["value"]
        _known["value"] = stored if known is None else max(known, stored)
        _known["read_at"] = now
        return _known["value"]


def known_page_generation():
    """The current generation if this process read or heard it within
    POLL_SECONDS, else None: never a round trip (the WSGI hit layer asks,
    outside Django's request cycle, where no database connection is managed)."""
    if time.monotonic() - _known["read_at"] < POLL_SECONDS:
        return _known["value"]
    return None


def bump_page_generation(**_):
    """Make every cached page and fragment stale, on every server: bumped in
    the current transaction (visible to the other processes when it
    commits) and in this process at once, then bumped again once it commits.

    Twice, because this process takes the first bump before the commit: a
    reader of it could meanwhile render the old rows under the new number;
    the second bump makes every such page obsolete. Raises what the database
    raises: a change whose expiry cannot be recorded must fail."""
    _advance(_bump())
    transaction.on_commit(_committed, robust=True)


def clock_generation():
    """A generation from the clock: microseconds since the epoch."""
    return time.time_ns() // 1000


def _bump():
    with connection.cursor() as cursor:
        cursor.execute(_BUMP, [clock_generation()])
        return cursor.fetchone()[0]


def _advance(value):
    with _lock:
        if _known["value"] is not None:
            _known["value"] = max(_known["value"], value)


def _committed():
    value = _bump()
    _advance(value)
    if _watcher:
        _watcher.published(value)


def forget():
    """Drop this process's copy (tests: the database they empty starts the
    generation again from 0)."""
    with _lock:
        _known.update(value=None, read_at=float("-inf"))
