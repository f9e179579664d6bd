"""Each process's copy of a page is kept as the object it is (no pickling),
with LocMemCache's expiry and bound (that a hit answers the rendered page's
headers and bytes: tests/articles/test_page_cache.py)."""

import time

import pytest

from pagecache.memory import ImmutableLocMemCache
from pagecache.store import CachedPage

pytestmark = pytest.mark.django_db


def a_store(max_entries=10):
    return ImmutableLocMemCache(
        f"test-{time.monotonic_ns()}", {"OPTIONS": {"MAX_ENTRIES": max_entries}}
    )


def a_page(content=b"<p>trang</p>"):
    headers = (("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"'))
    return CachedPage(1, time.time() + 60, headers, content)


def test_a_kept_page_is_given_back_as_the_same_object():
    store, page = a_store(), a_page()
    store.set("page:1", page, 60)

    assert store.get("page:1") is page


def test_a_page_past_its_timeout_is_gone(time_machine):
    store = a_store()
    time_machine.move_to(time.time(), tick=False)
    store.set("page:1", a_page(), 5)
    time_machine.shift(6)

    assert store.get("page:1") is None
    assert store.get("page:1", "nothing") == "nothing"


def test_add_keeps_the_first_page_and_incr_counts():
    store, first = a_store(), a_page(b"first")
    assert store.add("page:1", first, 60) is True
    assert store.add("page:1", a_page(b"second"), 60) is False
    store.set("hits", 1, 60)

    assert store.get("page:1") is first
    assert store.incr("hits", 2) == 3
    with pytest.raises(ValueError):
        store.incr("absent")


def test_the_store_keeps_no_more_pages_than_its_bound():
    store = a_store(max_entries=3)
    for number in range(10):
        store.set(f"page:{number}", a_page(), 60)

    assert len(store._cache) <= 3
    assert store.get("page:9") is not None
