"""Whole-page cache for public pages, kept in each process's memory.

- Keys are built from the scheme, host, path and only the query parameters the
  page's view reads (declared on `public_page`), in one canonical form; a
  request with any other query string is redirected to the canonical URL, so
  `?r=123` or `?q=a%20%20b` cannot make a new render (and cannot leak into a
  cached page's share links).
- Each page records the page generation it was rendered under
  (page_generation.py); a publish anywhere bumps the generation, so every
  server's pages go stale at once. A page is also stale once its timeout has
  passed; the timeout is never longer than the time left before the next
  scheduled article goes public, so it appears on time without any job.
- Stale while revalidate: the first request for a stale page renders it (it
  holds this process's render lock for that page); requests arriving
  meanwhile get the previous page at once instead of all rendering it, so a
  publish under load costs one render per page per process, not a stampede.
  A render that cannot be stored (the article was unpublished: 404) drops the
  previous page, so nothing unpublished outlives its next render.
- A `messages` cookie bypasses the cache only when it carries a valid signed
  message (the page must show it); junk cookies are served from the cache.
- Browsers revalidate every time (`Cache-Control: public, no-cache` + ETag,
  answered 304 by ConditionalGetMiddleware); `X-Page-Cache` says hit, stale
  or miss (rendered).
"""

import hashlib
import threading
import time
import unicodedata
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response, patch_cache_control

from vpcp_portal.cache import CACHE_ERRORS

from .page_generation import page_generation, seconds_until_next_publication

PAGES_CACHE = "pages"  # per-process memory (settings.CACHES)
STATUS_HEADER = "X-Page-Cache"
MAX_PUBLIC_PATHS = 50_000
PAGE_NUMBER_PARAMS = {"trang", "p"}  # the portal's pages; Django's sitemaps
QUERY_MAX_LENGTH = 200  # the search box's maxlength
_public_paths = {}  # path -> parameters, for paths a public view has answered
_rendering = set()  # keys being rendered in this process
_rendering_lock = threading.Lock()


@dataclass(frozen=True)
class CachedPage:
    generation: int
    fresh_until: float  # time.time() after which the page is stale
    status: int
    headers: tuple
    content: bytes

    def response(self, state):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        response.headers[STATUS_HEADER] = state
        return response


def _normalise(name, value):
    """The canonical form of one query parameter, or "" to drop it."""
    if name in PAGE_NUMBER_PARAMS and value.isdecimal():
        # Page 1 is the default; no leading zeros. Anything else is left to
        # the view (a page that does not exist is its 404, never stored).
        return str(int(value)) if int(value) != 1 else ""
    if name in PAGE_NUMBER_PARAMS:
        return value
    # Free text (the search query): composed Unicode, single spaces, bounded.
    return " ".join(unicodedata.normalize("NFC", value).split())[:QUERY_MAX_LENGTH]


def canonical_query(query, params):
    """The query string of the canonical URL: only `params`, normalised, sorted.

    `query` is a QueryDict (the last value of a repeated name counts, as in
    `QueryDict.get`); `params` the names the view reads.
    """
    pairs = ((name, _normalise(name, query.get(name, ""))) for name in sorted(params))
    return urlencode([(name, value) for name, value in pairs if value])


def _cache_key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{request.META['QUERY_STRING']}"
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _has_signed_message(request):
    """True when the messages cookie holds a message this server signed."""
    if CookieStorage.cookie_name not in request.COOKIES:
        return False
    return len(default_storage(request)) > 0


def _claim(key):
    with _rendering_lock:
        if key in _rendering:
            return False
        _rendering.add(key)
        return True


def _release(key):
    with _rendering_lock:
        _rendering.discard(key)


def _timeout(generation):
    timeout = settings.PAGE_CACHE_SECONDS
    try:
        wait = seconds_until_next_publication(generation)
    except CACHE_ERRORS:
        return 0
    return min(timeout, wait) if wait else timeout


def _sets_cookies(response):
    """Whether the response sets a cookie, other than clearing a junk or
    expired messages cookie: that page shows no message and is everybody's
    page, and keeping it is what stops a script that sends junk cookies from
    dropping the stale page after a publish and rendering every time."""
    return any(
        name != CookieStorage.cookie_name or morsel.value
        for name, morsel in response.cookies.items()
    )


def _store(ticket, response):
    """Keep the finished response of a ticketed render (a 200 without cookies
    or Vary); a render that answers anything but 200 or 304 (an unpublished
    article's 404) drops the previous page, so it is not served stale."""
    cache = caches[PAGES_CACHE]
    storable = not (response.streaming or _sets_cookies(response) or response.has_header("Vary"))
    timeout = _timeout(ticket.generation) if storable and response.status_code == 200 else 0
    if not timeout:
        if ticket.had_page and response.status_code != 304:
            cache.delete(ticket.key)
        return
    content = response.content
    if not response.has_header("ETag"):
        response.headers["ETag"] = f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'
    page = CachedPage(
        ticket.generation, time.time() + timeout, 200, tuple(response.items()), content
    )
    # Kept past its freshness so it can be served while its successor renders.
    cache.set(ticket.key, page, timeout + settings.PAGE_CACHE_STALE_SECONDS)


def _finish(response):
    """One chunk, one length, and headers that make browsers revalidate."""
    if hasattr(response, "render"):
        response.render()  # a TemplateResponse (sitemaps): rendered to be stored
    if not response.streaming:
        # The feed generator writes hundreds of small pieces, which gunicorn
        # would send as as many TCP writes.
        response.content = response.content
        response.headers["Content-Length"] = str(len(response.content))
    if response.status_code in (200, 304):
        response.headers.pop("Expires", None)
        response.headers.pop("Cache-Control", None)
        patch_cache_control(response, public=True, no_cache=True)
    return response


def _cached(request, params):
    """(key, generation, page or None, whether it is fresh); key None when
    this request must be rendered and not stored."""
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return None, None, None, False
    if canonical_query(request.GET, params) != request.META.get("QUERY_STRING", ""):
        return None, None, None, False
    if _has_signed_message(request):
        return None, None, None, False  # a fresh page that shows the message
    generation = page_generation()
    if generation is None:
        return None, None, None, False
    key = _cache_key(request)
    page = caches[PAGES_CACHE].get(key)
    # Only the current generation is fresh: a page filed under any other one
    # (older, or one this process saw briefly and left) is stale.
    fresh = page is not None and page.generation == generation and time.time() < page.fresh_until
    return key, generation, page, fresh


@dataclass(frozen=True)
class Ticket:
    """A render the page cache will keep: left on the request by `public_page`
    for CachedPageMiddleware, which stores the finished response and releases
    the render lock."""

    key: str
    generation: int
    had_page: bool  # a stale page existed: this render holds its lock


def _serve(request, params, render):
    query = canonical_query(request.GET, params)
    if query != request.META.get("QUERY_STRING", "") and request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
    key, generation, page, fresh = _cached(request, params)
    if key is None:
        return _finish(render())
    if len(_public_paths) < MAX_PUBLIC_PATHS:
        _public_paths[request.path] = params
    if fresh:
        return page.response("hit")
    if page is not None and not _claim(key):
        return page.response("stale")  # another request is rendering it
    request.page_cache_ticket = Ticket(key, generation, page is not None)
    response = _finish(render())
    response.headers[STATUS_HEADER] = "miss"
    return response


def public_page(view=None, *, params=()):
    """Cache a public view's pages (see the module docstring).

    `params`: the query parameter names the view reads (e.g. ("q", "trang"));
    any other query string is redirected to the canonical URL. Usable as
    `public_page(view)` or `public_page(view, params=(...))`.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _serve(request, tuple(params), lambda: view(request, *args, **kwargs))

        return wrapped

    return decorate(view) if view is not None else decorate


class CachedPageMiddleware:
    """Answer cached public pages at the top of the middleware stack, and keep
    the pages `public_page` views render, as finished by the layers below
    (security headers, ETag), so a hit skips every other layer. Only paths a
    `public_page` view has answered are looked up, so the API and the admin pay
    nothing for the page cache. Must be in MIDDLEWARE for pages to be kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        params = _public_paths.get(request.path)
        if params is not None and request.method in ("GET", "HEAD"):
            key, _, page, fresh = _cached(request, params)
            if fresh:
                return _conditional(request, page.response("hit"))
            if page is not None and key in _rendering:
                return _conditional(request, page.response("stale"))
        response = self.get_response(request)
        ticket = getattr(request, "page_cache_ticket", None)
        if ticket is not None:
            try:
                _store(ticket, response)
            finally:
                if ticket.had_page:
                    _release(ticket.key)
        return response


def _conditional(request, response):
    """304 Not Modified when the browser's copy (If-None-Match) is this one."""
    return get_conditional_response(request, etag=response.headers.get("ETag"), response=response)
