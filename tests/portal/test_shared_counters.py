"""The counters the per-network limits keep in Redis (vpcp_portal.cache)."""

import os

import pytest
from django.core.cache import caches


@pytest.fixture
def counters(settings):
    settings.CACHES = {
        **settings.CACHES,
        "counters": {
            "BACKEND": "vpcp_portal.cache.PortalRedisCache",
            "LOCATION": os.environ.get("REDIS_URL")
            or os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
            "KEY_PREFIX": "test-counters",
        },
    }
    cache = caches["counters"]
    cache.clear()
    yield cache
    cache.clear()


def test_a_counter_counts_from_one_and_expires_after_its_timeout(counters):
    counts = [counters.increment_expiring("attempts", 60) for _ in range(3)]

    key = counters.make_key("attempts")
    ttl = counters._cache.get_client(key).ttl(key)
    assert counts == [1, 2, 3]
    assert 0 < ttl <= 60


def test_a_counter_keeps_the_expiry_of_its_first_increment(counters):
    counters.increment_expiring("shown", 30)
    counters.increment_expiring("shown", 3600)

    key = counters.make_key("shown")
    assert counters._cache.get_client(key).ttl(key) <= 30


def test_a_counter_still_counts_after_redis_forgot_its_script(counters):
    counters.increment_expiring("attempts", 60)
    client = counters._cache.get_client(counters.make_key("attempts"))
    client.script_flush()

    assert counters.increment_expiring("attempts", 60) == 2
