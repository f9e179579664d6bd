import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import make_article, make_user, restore_staff_groups
from tests.servers import run_redis_url


@pytest.fixture
def portal_groups(db):
    restore_staff_groups()


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def browser_client():
    """A client that, like a browser, must send Django's CSRF token."""
    return Client(enforce_csrf_checks=True, headers={"user-agent": "Mozilla/5.0 (pytest)"})


@pytest.fixture
def moderator(db):
    return make_user("kiemduyet", group="Kiểm duyệt viên")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def redis_counters(settings):
    """The attempt counters in a real Redis, as in production: the test
    run's (REDIS_URL, which `make test` sets from TEST_REDIS_URL), emptied
    before and after."""
    settings.CACHES = {
        **settings.CACHES,
        "counters": {
            "BACKEND": "core.cache.PortalRedisCache",
            "LOCATION": run_redis_url(),
            "KEY_PREFIX": "test",
        },
    }
    settings.RATINGS_CACHE_ALIAS = "counters"
    counters = caches["counters"]
    counters.clear()
    yield counters
    counters.clear()
