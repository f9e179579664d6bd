"""Django closes every cache after each request; the portal's backends
(Redis, local memory) have nothing to close, so that step is skipped, and a
backend that closes something keeps it."""

from django.core.cache import close_caches
from django.core.signals import request_finished

from core.cache import skip_closing_caches_per_request


def test_no_cache_is_closed_after_a_request_when_none_has_anything_to_close():
    assert request_finished.disconnect(close_caches) is False  # was not connected


def test_a_backend_that_closes_connections_is_still_closed_after_each_request(settings):
    request_finished.connect(close_caches)
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache"},
    }
    skip_closing_caches_per_request()

    assert request_finished.disconnect(close_caches) is True  # still connected
