"""Whole-page cache for public pages, invalidated by publishing.

Django's cache middleware does the storing and the Vary handling; this adds:
- a key prefix carrying a *generation* that every save or delete of an
  article or category bumps, so all pages go stale at once, on every app
  server sharing the cache (Redis); the pages themselves are kept in each
  process's memory (the "pages" cache), so a hit costs one Redis round trip;
- a timeout never longer than the time left before the next scheduled
  article goes public, so it appears on time without any job running;
- browser headers that make clients revalidate (ETag, 304) instead of
  keeping their own copy for minutes.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.middleware.cache import CacheMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware

GENERATION_KEY = "pages:generation"
PAGES_CACHE = "pages"  # per-process memory; the generation lives in the shared cache
MESSAGES_COOKIE = "messages"


def page_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A lost key restarts from the clock, above any earlier generation.
        cache.add(GENERATION_KEY, int(time.time() * 1000), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_page_generation(**_):
    """Invalidate every cached public page (signal receiver)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, int(time.time() * 1000), None)


def seconds_until_next_publication(generation):
    """Seconds before the next scheduled article goes public, or None."""
    from .models import Article

    key = f"pages:next:{generation}"
    moment = cache.get(key)
    now = time.time()
    if moment is None or 0 < moment <= now:
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        moment = upcoming.timestamp() if upcoming else 0
        cache.set(key, moment, settings.PAGE_CACHE_SECONDS or None)
    return max(1, int(moment - now)) if moment else None


class PublicPageCacheMiddleware(CacheMiddleware):
    def __init__(self, get_response, **kwargs):
        super().__init__(
            get_response,
            cache_timeout=settings.PAGE_CACHE_SECONDS,
            key_prefix="",
            cache_alias=PAGES_CACHE,
        )

    @property
    def key_prefix(self):
        return f"pages.{page_generation()}"

    @key_prefix.setter
    def key_prefix(self, value):
        pass  # always derived from the current generation

    @property
    def cache_timeout(self):
        timeout = settings.PAGE_CACHE_SECONDS
        wait = seconds_until_next_publication(page_generation()) if timeout else None
        return min(timeout, wait) if wait else timeout

    @cache_timeout.setter
    def cache_timeout(self, value):
        pass

    def process_request(self, request):
        if not settings.PAGE_CACHE_SECONDS or MESSAGES_COOKIE in request.COOKIES:
            # A reader with a pending message gets a fresh page that shows it.
            request._cache_update_cache = False
            return None
        response = super().process_request(request)
        return _revalidate(response) if response is not None else None

    def process_response(self, request, response):
        if response.cookies:
            request._cache_update_cache = False
        return _revalidate(super().process_response(request, response))


def _revalidate(response):
    """Clients must revalidate (cheap with the ETag); only the server keeps copies."""
    if response.status_code in (200, 304):
        response.headers.pop("Expires", None)
        response.headers.pop("Cache-Control", None)
        patch_cache_control(response, public=True, no_cache=True)
    return response


public_page = decorator_from_middleware(PublicPageCacheMiddleware)
