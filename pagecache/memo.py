"""Values that change only when something is published, kept in each
process's memory (the "fragments" cache) under the page generation
(generation.py): any expiry (pagecache.expire: a publish, edit or unpublish)
makes them stale at once, on every server, and none is kept past the moment
the next scheduled change goes public (schedule.py). Used for published
template fragments (templatetags/fragments.py) and by apps for values such as
the article a page shows."""

import hashlib

from django.core.cache import caches

from core.cache import CACHE_ERRORS

from .generation import page_generation
from .schedule import seconds_until_next_change

MEMO_CACHE = "fragments"
_MISSING = object()
# A key past this length (a made-up slug in a 404's address) is hashed: the
# cache framework warns of every key longer than memcached takes, and Python
# remembers every distinct warning, so long keys would grow the worker.
_KEY_MAX = 120


def _bounded(key):
    if len(key) <= _KEY_MAX:
        return key
    return "memo." + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def until_publish(key, compute, seconds):
    """`compute()`'s value, computed at most once per process per page
    generation and kept at most `seconds` (0: not kept). `key` names the value
    (a str of letters, digits, dots and dashes); an exception from `compute`
    is raised and nothing is kept. While the shared cache is unreachable the
    value is computed every time."""
    generation = page_generation()
    if generation is None or not seconds:
        return compute()
    try:
        wait = seconds_until_next_change(generation)
    except CACHE_ERRORS:
        return compute()
    cache = caches[MEMO_CACHE]
    full_key = f"{_bounded(key)}.{generation}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, min(seconds, wait) if wait else seconds)
    return value
