"""`expire(keys)`: the one way to say that cached pages are out of date."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.dispatch import Signal

from core.metrics import PAGE_EXPIRIES

from .generation import bump_page_generation
from .keys import EVERY_PAGE, checked

# Sent once the change behind an expiry is committed, with `keys` (a
# frozenset of surrogate keys): what an HTTP cache in front purges.
pages_expired = Signal()


def expire(keys: Iterable[str]) -> None:
    """Expire the cached pages and fragments that show any of `keys`
    (surrogate keys, see pagecache.keys), on every server, at once and again
    when the current transaction commits (at once only, outside one).

    Twice, because the first expiry alone would let a request read the new
    state of the cache but still the old rows (the admin saves in a
    transaction), filing the old page as the new one; the second makes every
    such page obsolete. Raises ValueError for a malformed key; does nothing
    for no key. Never raises for the cache: while it is unreachable nothing
    is cached anywhere (logged)."""
    keys = checked(keys)
    if not keys:
        return
    bump_page_generation()
    transaction.on_commit(partial(_committed, keys), robust=True)


def _committed(keys):
    bump_page_generation()
    PAGE_EXPIRIES.inc()
    pages_expired.send(sender=expire, keys=keys)


def expire_every_page(**_) -> None:
    """Expire every page (a post_migrate receiver: a deploy's new templates
    render differently)."""
    expire([EVERY_PAGE])
