"""Whole-page cache for public pages.

- Each page has one URL (canonical.py): any other query string is redirected
  to the canonical one, so it cannot make a new render.
- Pages are kept in each process's memory in front of the shared cache
  (store.py). Each page records the page generation it was rendered
  under (generation.py: a row in PostgreSQL); any expiry (pagecache.expire)
  bumps the generation, so every server's pages go stale at once. A page is also stale
  once its timeout has passed; the timeout is never longer than the time left
  before the next scheduled change goes public (schedule.py), so it appears
  on time without any job.
- Stale while revalidate: one request in the whole deployment renders a
  stale page (it holds the page's lock in the shared cache); requests
  arriving meanwhile, on any server, get the previous page at once; the new
  page is then taken from the shared cache, not rendered again. A render that
  cannot be stored (the article was unpublished: 404) drops the previous page,
  so nothing unpublished outlives its next render.
- A `messages` cookie bypasses the cache only when it carries a valid signed
  message (the page must show it); junk cookies are served from the cache.
- Each page carries the surrogate keys of what it shows (keys.py) in its
  Surrogate-Key header, for an HTTP cache in front to purge by.
- Browsers revalidate every time (ETag, answered 304 by
  ConditionalGetMiddleware); the HTTP cache in front may keep a fresh page
  for a while (front.py: `s-maxage`), never a stale copy, a page showing a
  message or one answering a request with a session (headers.py). `X-Page-Cache`
  says hit, stale or miss (rendered).
- A view or template says what it knows of its page through hints.py
  (`do_not_keep`, `fresh_for_at_most`).
"""

import logging
from functools import wraps

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response

from core.cache import CACHE_ERRORS
from core.metrics import PAGE_CACHE, view_name

from . import keys as surrogate_keys
from . import store
from . import wsgi as hits
from .canonical import canonical_query, is_canonical, page_key
from .generation import page_generation
from .headers import finish, for_front
from .hints import fresh_until_of, has_signed_message, max_seconds, worth_keeping

log = logging.getLogger(__name__)
# Counters of the outcomes, looked up once: a hit costs a few microseconds.
_LOOKUPS = {state: PAGE_CACHE.labels(state) for state in ("hit", "stale", "miss")}
MAX_PUBLIC_PATHS = 50_000
_public_paths = {}  # path -> parameters, for paths a public view has answered with a page
# The request headers that make a GET conditional (get_conditional_response).
_CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _look_up(request, params):
    """("hit" or "stale", page) to answer from the cache, ("render", ticket)
    to render and keep, or (None, None) to render without keeping (cache off,
    a POST, a non-canonical URL, a message to show, the shared cache down)."""
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return None, None
    if not is_canonical(request, params) or has_signed_message(request):
        return None, None
    generation = page_generation()
    if generation is None:
        return None, None
    key = page_key(request)
    page = store.local_page(key, generation)
    if page is not None:
        return "hit", page
    try:
        return store.revalidate(key, generation)
    except CACHE_ERRORS:
        log.warning("page cache skipped: shared cache unreachable", exc_info=True)
        return None, None


def _serve(request, params, fixed_keys, render, bounded=False):
    request.page_cache_bounded = bounded
    query = canonical_query(request.GET, params)
    if query != request.META.get("QUERY_STRING", "") and request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
    ticket = getattr(request, "page_cache_ticket", None)  # the middleware's look-up
    if ticket is None:
        state, found = _look_up(request, params)
        if state is None:
            rendered = finish(_rendered(request, render, fixed_keys), request)
            return for_front(request, rendered, None, fresh_until=fresh_until_of(request))
        if state != "render":
            _remember(request.path, params)
            _LOOKUPS[state].inc()
            return for_front(request, found.response(state), state, found)
        request.page_cache_ticket = found
    response = finish(_rendered(request, render, fixed_keys), request)
    response.headers[store.STATUS_HEADER] = "miss"
    _LOOKUPS["miss"].inc()
    if response.status_code == 200:
        _remember(request.path, params)
    return for_front(request, response, "miss", fresh_until=fresh_until_of(request))


def _remember(path, params):
    """Let the middleware look `path` up from now on: only a page that was
    found (a 404's path, which any client can make up, is never kept)."""
    if len(_public_paths) < MAX_PUBLIC_PATHS:
        _public_paths[path] = params


def _rendered(request, render, fixed_keys):
    response = render()
    surrogate_keys.label(response, request, fixed_keys)
    return response


def public_page(view=None, *, params=(), keys=(), bounded=False):
    """Cache a public view's pages (see the module docstring).

    `params`: the query parameter names the view reads (e.g. ("q", "trang"));
    any other query string is redirected to the canonical URL. `keys`: the
    surrogate keys every page of the view carries (pagecache.keys), besides
    EVERY_PAGE and those the view declares. `bounded`: the view has a page
    per free text (search), so at most PAGE_CACHE_MAX_SEARCH_PAGES of its
    pages are stored per PAGE_CACHE_SECONDS in the whole deployment, and
    only those it did not mark `do_not_keep`. Usable as `public_page(view)` or
    `public_page(view, params=(...), keys=(...))`. Raises ValueError for a
    malformed key.
    """
    fixed_keys = surrogate_keys.checked(keys)

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _serve(
                request,
                tuple(params),
                fixed_keys,
                lambda: view(request, *args, **kwargs),
                bounded,
            )

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
        if params is not None:
            state, found = _look_up(request, params)
            if state in ("hit", "stale"):
                _LOOKUPS[state].inc()
                if state == "hit":
                    hits.learn(request, page_key(request), view_name(request))
                response = for_front(request, found.response(state), state, found)
                return _conditional(request, response)
            if state == "render":
                request.page_cache_ticket = found
        try:
            response = self.get_response(request)
        except BaseException:
            _keep(request, None)  # frees the page's lock and the render slot
            raise
        _keep(request, response)
        return response


def _keep(request, response):
    ticket = getattr(request, "page_cache_ticket", None)
    if ticket is not None:
        if response is not None and not worth_keeping(request, response):
            response = None  # rendered for this request only: the lock is freed
        store.keep(ticket, response, max_seconds=max_seconds(request))


def _conditional(request, response):
    """304 Not Modified when the browser's copy (If-None-Match) is this one."""
    if not any(name in request.META for name in _CONDITIONS):
        return response  # most readers: nothing to compare
    return get_conditional_response(request, etag=response.headers.get("ETag"), response=response)
