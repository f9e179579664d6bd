"""Where rendered public pages are kept, and which request renders a stale one.

Two levels: each process's memory (the "pages" cache, so a hit costs no
network round trip) in front of the shared cache (Redis: one copy for every
process of every server). A page records the page generation it was rendered
under (generation.py) and the moment its timeout ends; it is fresh only
under the current generation and before that moment.

Stale while revalidate across servers: when a process's copy is stale it looks
at the shared copy and takes it if that is fresh (no render). Otherwise the
request tries to take the page's render lock: a key in the shared cache named
by the page and the generation, taken with `cache.add` (atomic) and expiring
after LOCK_SECONDS in case its holder dies. One request in the whole
deployment gets it and renders; every other request is answered the previous
page at once (behind a front, only for a page that timed out: one a change
made stale is rendered, the front coalescing its readers). The holder stores
the new page at both levels, then frees the lock. So a publish under load
costs one render per page, not one per process or per reader; and each
process revalidates one page at a time, so those
renders are spread out instead of all landing in the same instant.
"""

import contextlib
import hashlib
import logging
import threading
import time
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.http.response import ResponseHeaders

from core.cache import CACHE_ERRORS

from .schedule import seconds_until_next_change

MESSAGES_COOKIE = CookieStorage.cookie_name

log = logging.getLogger(__name__)
LOCAL_CACHE = "pages"  # per-process memory (settings.CACHES)
STATUS_HEADER = "X-Page-Cache"
# Set as a page is served (the state, and the front's share: front.mark).
SERVED_HEADERS = frozenset({STATUS_HEADER.lower(), "cache-control", "expires"})
LOCK_SECONDS = 30  # longest a render may hold a page's lock (a dead holder's lock expires)
_render_slot = threading.Lock()  # this process's one revalidating render (see revalidate)
# Answers that mean the page is no longer at its address (unpublished, or moved
# to a new one): its previous copy is dropped, so no request is answered it
# while another renders. Any other failure (a 503 while the database
# restarts) keeps it.
GONE = (301, 404, 410)


@dataclass(frozen=True)
class CachedPage:
    generation: int
    fresh_until: float  # time.time() after which the page is stale
    headers: tuple
    content: bytes
    checked_headers: dict = field(init=False, repr=False, compare=False)
    # The headers every answer of the page shares, as WSGI takes them: all
    # but those set as it is served (wsgi.py).
    fixed_headers: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # The headers as Django keeps them, checked once here (each header
        # set on a response is checked for its charset and line breaks, and a
        # hit would pay that for every one of them).
        checked = ResponseHeaders(dict(self.headers))._store
        object.__setattr__(self, "checked_headers", checked)
        fixed = tuple(pair for name, pair in checked.items() if name not in SERVED_HEADERS)
        object.__setattr__(self, "fixed_headers", fixed)

    def is_fresh(self, generation):
        return self.generation == generation and time.time() < self.fresh_until

    def response(self, state):
        """The page as a 200 response; `state` goes into X-Page-Cache."""
        response = HttpResponse(self.content)
        response.headers._store.update(self.checked_headers)
        response.headers[STATUS_HEADER] = state
        return response


@dataclass(frozen=True)
class Ticket:
    """A render the page cache will keep: left on the request for
    CachedPageMiddleware, which stores the finished response (`keep`)."""

    key: str
    generation: int
    had_page: bool  # a previous page existed (it is dropped if the render is a 404)
    locked: bool  # this render holds the page's lock and this process's render slot


def _lock_key(key, generation):
    return f"{key}:render:{generation}"


def _shared_page(key):
    """The shared copy (None when absent). Kept as plain values, compressed:
    no class is pickled into Redis, and a page takes about a quarter of its size."""
    value = cache.get(key)
    if value is None:
        return None
    generation, fresh_until, headers, packed = value
    return CachedPage(generation, fresh_until, headers, zlib.decompress(packed))


def _keep_local(key, page):
    # Kept past its freshness so it can be served while its successor renders.
    stays = page.fresh_until - time.time() + settings.PAGE_CACHE_STALE_SECONDS
    if stays > 0:
        caches[LOCAL_CACHE].set(key, page, stays)


def local_page(key, generation):
    """This process's copy of the page if it is fresh, else None (no round trip)."""
    page = caches[LOCAL_CACHE].get(key)
    return page if page is not None and page.is_fresh(generation) else None


def revalidate(key, generation):
    """What to answer for the page `key` whose local copy is not fresh:
    ("hit", page) when the shared copy is fresh, ("stale", page) while another
    request renders it, ("render", ticket) when this request must render it.
    Raises what the cache raises while it is unreachable."""
    local = caches[LOCAL_CACHE].get(key)
    shared = _shared_page(key)
    if shared is not None and shared.is_fresh(generation):
        _keep_local(key, shared)
        return "hit", shared
    candidates = [page for page in (local, shared) if page is not None]
    previous = max(candidates, key=lambda p: (p.generation, p.fresh_until), default=None)
    if previous is None:
        return "render", Ticket(key, generation, had_page=False, locked=False)
    if previous.generation != generation and settings.FRONT_PURGE_URLS:
        # Behind a front, which coalesces a page's readers into one request
        # (Varnish), a page that a change made stale is rendered, never
        # answered from before the change: the front's purge promised its
        # readers the new one. Pages that only timed out are still answered
        # stale while one request renders them.
        return "render", Ticket(key, generation, had_page=True, locked=False)
    # One revalidating render at a time per process: after a publish every
    # page goes stale at once, and renders of them all at the same moment
    # would hold up every reader of the process (two cores, one GIL); the
    # others are served their previous page and rendered by a later request.
    if not _render_slot.acquire(blocking=False):
        return "stale", previous
    try:
        if not cache.add(_lock_key(key, generation), 1, LOCK_SECONDS):
            _render_slot.release()
            return "stale", previous  # another request, on any server, renders it
        shared = _shared_page(key)  # it may have been stored since the first look
    except BaseException:
        _render_slot.release()
        raise
    if shared is not None and shared.is_fresh(generation):
        _release(Ticket(key, generation, had_page=True, locked=True))
        _keep_local(key, shared)
        return "hit", shared
    return "render", Ticket(key, generation, had_page=True, locked=True)


def within_bounded_quota():
    """Whether one more page of a `bounded` view (search) may be stored: at
    most PAGE_CACHE_MAX_SEARCH_PAGES per PAGE_CACHE_SECONDS in the deployment
    (a counter in the shared cache), so, as each expires after about that
    long, at most about twice that many are kept at once. False while the
    shared cache is unreachable."""
    key = "page-quota:bounded"
    try:
        cache.add(key, 0, settings.PAGE_CACHE_SECONDS)
        return cache.incr(key) <= settings.PAGE_CACHE_MAX_SEARCH_PAGES
    except ValueError:  # the counter expired between the two calls
        return False
    except CACHE_ERRORS:
        log.warning("page not kept: shared cache unreachable", exc_info=True)
        return False


def _release(ticket):
    """Free the page's lock (shared) and this process's render slot."""
    try:
        with contextlib.suppress(*CACHE_ERRORS):  # else it expires after LOCK_SECONDS
            cache.delete(_lock_key(ticket.key, ticket.generation))
    finally:
        _render_slot.release()


def _timeout(generation):
    timeout = settings.PAGE_CACHE_SECONDS
    try:
        wait = seconds_until_next_change(generation)
    except CACHE_ERRORS:
        return 0
    return min(timeout, wait) if wait else timeout


def keep(ticket, response, max_seconds=None):
    """Store the finished response of a ticketed render (a 200 without cookies
    or Vary) at both levels and free the page's lock. A render that answers
    301, 404 or 410 (a moved or unpublished article) drops the previous page,
    so it is not served stale anywhere. `response` None (the render raised):
    only frees. `max_seconds`: the page stays fresh no longer (0 or less: not
    stored; middleware.fresh_for_at_most)."""
    try:
        if response is not None:
            _keep(ticket, response, max_seconds)
    except CACHE_ERRORS:
        log.warning("rendered page not kept: shared cache unreachable", exc_info=True)
    finally:
        if ticket.locked:
            _release(ticket)


def _sets_cookies(response):
    """Whether the response sets a cookie, other than clearing a junk or
    expired messages cookie: that page shows no message and is everybody's,
    so a script sending junk cookies to a cold page cannot keep it unstored."""
    return any(name != MESSAGES_COOKIE or morsel.value for name, morsel in response.cookies.items())


def _keep(ticket, response, max_seconds=None):
    storable = not (response.streaming or _sets_cookies(response) or response.has_header("Vary"))
    timeout = _timeout(ticket.generation) if storable and response.status_code == 200 else 0
    if max_seconds is not None:
        timeout = max(min(timeout, int(max_seconds)), 0)
    if not timeout:
        if ticket.had_page and response.status_code in GONE:
            caches[LOCAL_CACHE].delete(ticket.key)
            cache.delete(ticket.key)
        return
    content = response.content
    if not response.has_header("ETag"):
        response.headers["ETag"] = f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'
    page = CachedPage(ticket.generation, time.time() + timeout, tuple(response.items()), content)
    _keep_local(ticket.key, page)
    shared = _shared_page(ticket.key)
    if shared is None or shared.generation <= page.generation:  # never back to an older one
        packed = (page.generation, page.fresh_until, page.headers, zlib.compress(content, 1))
        cache.set(ticket.key, packed, timeout + settings.PAGE_CACHE_STALE_SECONDS)
