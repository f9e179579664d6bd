"""Whole-page cache for public pages, invalidated by publishing.

Django's cache middleware does the storing and the Vary handling; this adds:
- a key prefix carrying a *generation* that every save or delete of an
  article or category bumps, so all pages go stale at once, on every app
  server sharing the cache (Redis); the pages themselves are kept in each
  process's memory (the "pages" cache), and each process follows the
  generation through Redis pub/sub (generation_watch.py), so a hit costs no
  network round trip;
- a timeout never longer than the time left before the next scheduled
  article goes public, so it appears on time without any job running;
- browser headers that make clients revalidate (ETag, 304) instead of
  keeping their own copy for minutes.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware

from vpcp_portal.cache import CACHE_ERRORS

from .generation_watch import GenerationWatcher

log = logging.getLogger(__name__)
GENERATION_KEY = "pages:generation"
PAGES_CACHE = "pages"  # per-process memory; the generation lives in the shared cache
MESSAGES_COOKIE = "messages"
_request_generation = ContextVar("page_generation", default=None)
_public_paths = set()  # paths served by `public_page` views in this process
MAX_PUBLIC_PATHS = 50_000


def _read_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A lost key restarts from the clock, above any earlier generation.
        cache.add(GENERATION_KEY, int(time.time() * 1000), None)
        generation = cache.get(GENERATION_KEY)
    return generation


_watcher = (
    GenerationWatcher(settings.REDIS_URL, cache.make_key(GENERATION_KEY), _read_generation)
    if settings.REDIS_URL
    else None
)


def page_generation():
    """The current generation: from this process's watched copy when Redis is
    the shared cache, else read from the (local) cache. None while the shared
    cache cannot be reached: pages are then rendered, not cached."""
    try:
        return _watcher.current() if _watcher else _read_generation()
    except CACHE_ERRORS:
        log.warning("page cache off: shared cache unreachable", exc_info=True)
        return None


def bump_page_generation(**_):
    """Invalidate every cached public page, on every server (signal receiver)."""
    try:
        try:
            generation = cache.incr(GENERATION_KEY)
        except ValueError:
            generation = int(time.time() * 1000)
            cache.set(GENERATION_KEY, generation, None)
    except CACHE_ERRORS:
        # Every server reads the generation through the same cache, so while
        # it is down none of them caches pages; nothing stale can be served.
        log.error("page generation not bumped: shared cache unreachable", exc_info=True)
        return
    if _watcher:
        _watcher.published(generation)


def seconds_until_next_publication(generation):
    """Seconds before the next scheduled article goes public, or None."""
    from .models import Article

    key = f"pages:next:{generation}"
    moment = cache.get(key)
    now = time.time()
    if moment is None or 0 < moment <= now:
        upcoming = (
            Article.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        moment = upcoming.timestamp() if upcoming else 0
        cache.set(key, moment, settings.PAGE_CACHE_SECONDS or None)
    return max(1, int(moment - now)) if moment else None


class PublicPageCacheMiddleware(CacheMiddleware):
    """Django's cache middleware with the generation in the key prefix.

    The generation is read once, when the request starts, and the page is
    stored under that generation: a page rendered while an editor publishes
    is filed under the old generation and never served again.
    """

    def __init__(self, get_response, **kwargs):
        super().__init__(
            get_response,
            cache_timeout=settings.PAGE_CACHE_SECONDS,
            key_prefix="",
            cache_alias=PAGES_CACHE,
        )

    @property
    def key_prefix(self):
        return f"pages.{_request_generation.get()}"

    @key_prefix.setter
    def key_prefix(self, value):
        pass  # always derived from the request's generation

    @property
    def cache_timeout(self):
        timeout = settings.PAGE_CACHE_SECONDS
        try:
            wait = seconds_until_next_publication(_request_generation.get()) if timeout else None
        except CACHE_ERRORS:
            return 0  # not stored
        return min(timeout, wait) if wait else timeout

    @cache_timeout.setter
    def cache_timeout(self, value):
        pass

    def process_request(self, request):
        if not settings.PAGE_CACHE_SECONDS or MESSAGES_COOKIE in request.COOKIES:
            # A reader with a pending message gets a fresh page that shows it.
            request._cache_update_cache = False
            return None
        if not hasattr(request, "_page_generation"):
            request._page_generation = page_generation()
        if request._page_generation is None:
            request._cache_update_cache = False
            return None
        _request_generation.set(request._page_generation)
        response = super().process_request(request)
        return _revalidate(response) if response is not None else None

    def process_response(self, request, response):
        if not response.streaming:
            # One chunk, one length: the feed generator writes hundreds of small
            # pieces, which gunicorn would send as as many TCP writes.
            response.content = response.content
            response.headers["Content-Length"] = str(len(response.content))
        if response.cookies or getattr(request, "_page_generation", None) is None:
            request._cache_update_cache = False
        else:
            _request_generation.set(request._page_generation)
            if len(_public_paths) < MAX_PUBLIC_PATHS:
                _public_paths.add(request.path)
        return _revalidate(super().process_response(request, response))


class CachedPageMiddleware:
    """Serve a cached public page before the session, CSRF, authentication
    and messages layers run. Only views wrapped in `public_page` store pages,
    so only they are ever answered here."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = PublicPageCacheMiddleware(get_response)

    def __call__(self, request):
        # Only paths a public view has answered are looked up, so the API and
        # the admin pay nothing for the page cache.
        if request.method in ("GET", "HEAD") and request.path in _public_paths:
            response = self.cache.process_request(request)
            if response is not None:
                return response
        return self.get_response(request)


def _revalidate(response):
    """Clients must revalidate (cheap with the ETag); only the server keeps copies."""
    if response.status_code in (200, 304):
        response.headers.pop("Expires", None)
        response.headers.pop("Cache-Control", None)
        patch_cache_control(response, public=True, no_cache=True)
    return response


public_page = decorator_from_middleware(PublicPageCacheMiddleware)
