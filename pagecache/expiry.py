"""`expire(keys)`: the one way to say that cached pages are out of date."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.dispatch import Signal

from core.metrics import PAGE_EXPIRIES

from .generation import bump_page_generation
from .keys import EVERY_PAGE, checked

# Sent once the change behind an expiry is committed, with `keys` (a
# frozenset of surrogate keys): what an HTTP cache in front purges (front.py).
pages_expired = Signal()


def expire(keys: Iterable[str]) -> None:
    """Expire the cached pages and fragments that show any of `keys`
    (surrogate keys, see pagecache.keys), on every server, when the current
    transaction commits (at once outside one).

    The in-app caches: the page generation is bumped in PostgreSQL in this
    transaction (generation.py), so the expiry becomes visible exactly when
    the change does and is lost only if the change is. The HTTP cache in
    front: `pages_expired` is sent with the keys after the commit. Raises
    ValueError for a malformed key, and what the database raises; does
    nothing for no key. Never raises for Redis."""
    keys = checked(keys)
    if not keys:
        return
    bump_page_generation()
    transaction.on_commit(partial(_committed, keys), robust=True)


def _committed(keys):
    # bump_page_generation bumps again itself once the transaction commits.
    PAGE_EXPIRIES.inc()
    pages_expired.send(sender=expire, keys=keys)


def expire_every_page(**_) -> None:
    """Expire every page (a post_migrate receiver: a deploy's new templates
    render differently)."""
    expire([EVERY_PAGE])
