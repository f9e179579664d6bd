"""Searches cannot fill the page cache: only the first page of a search that
found something is stored, at most PAGE_CACHE_MAX_SEARCH_PAGES new ones per
PAGE_CACHE_SECONDS in the deployment; every other search is rendered for its
reader only."""

import secrets

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from tests.factories import make_article
from tests.servers import run_redis_url

pytestmark = pytest.mark.django_db
BOUND = 5


@pytest.fixture
def stored_pages():
    """How many pages the shared cache (Redis) and this process's memory hold."""
    shared = redis.Redis.from_url(run_redis_url())

    def count():
        keys = shared.keys(f"{settings.CACHE_KEY_PREFIX}:*page:*")
        in_redis = [key for key in keys if b":render:" not in key]
        return len(in_redis), len(caches["pages"]._cache)  # locmem's own dict

    return count


def search(client, query, page=None):
    params = {"q": query, **({"trang": page} if page else {})}
    return client.get(reverse("articles:search"), params)


def test_random_searches_do_not_grow_the_cache(client, stored_pages, settings):
    settings.PAGE_CACHE_MAX_SEARCH_PAGES = BOUND
    make_article(title="Thi đua đổi mới")
    assert search(client, "thi dua")["X-Page-Cache"] == "miss"
    before = stored_pages()

    for _ in range(200):
        assert search(client, secrets.token_hex(8)).status_code == 200

    assert stored_pages() == before == (1, 1)


def test_searches_that_find_something_are_stored_up_to_the_bound(client, stored_pages, settings):
    settings.PAGE_CACHE_MAX_SEARCH_PAGES = BOUND
    words = [f"chuyende{n}" for n in range(3 * BOUND)]
    for word in words:
        make_article(title=f"Tin về {word}")

    for word in words:
        search(client, word)
    again = [search(client, word)["X-Page-Cache"] for word in words]

    assert stored_pages() == (BOUND, BOUND)
    assert again.count("hit") == BOUND


def test_a_search_that_found_nothing_or_a_later_page_is_rendered_for_its_reader_only(client):
    for n in range(12):
        make_article(title=f"Cải cách hành chính {n}")

    for _ in range(2):
        nothing = search(client, "khủng long")
        later = search(client, "cai cach", page=2)

    assert (nothing["X-Page-Cache"], later["X-Page-Cache"]) == ("miss", "miss")
    assert nothing["Cache-Control"] == later["Cache-Control"] == "private, no-cache"
    assert search(client, "cai cach")["Cache-Control"] == "public, no-cache"
