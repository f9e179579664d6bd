"""Stale-while-revalidate at the front (deploy/varnish.vcl's grace, from the
app's `stale-while-revalidate`): a page that expired by time is answered
stale at once while one request per page refreshes it; a purged page is
never answered stale, its readers wait for one fetch. The app server is
frozen (SIGSTOP) while readers ask, so an answer given meanwhile can only
have come from what Varnish holds: no stopwatch is needed."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.pagecache.fronts import (
    BOUND_SECONDS,
    get,
    object_of,
    purged_twice,
    purging_from_here,
    varnish_in_front,
)
from tests.servers import paused, poll

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
FRESH_SECONDS = 5  # s-maxage at most (FRONT_CACHE_SECONDS)
READERS = 8  # per page, asking at once


@pytest.fixture
def front():
    """Pages fresh at the front for FRESH_SECONDS, then served stale for up
    to two minutes while they are refreshed (Đọc nhiều leaves room for no more)."""
    with varnish_in_front(
        FRONT_CACHE_SECONDS=str(FRESH_SECONDS), FRONT_STALE_SECONDS="120"
    ) as varnish:
        yield varnish


def stored_until_expired(front, paths):
    """Fill the front with `paths` and wait, by the clock, until their
    s-maxage has run out (the event under test is the clock's); {path: the
    id of the object each is answered from}."""
    kept = {}
    for path in paths:
        get(front, path)
        filled = time.monotonic()  # after Varnish stored it: its age starts earlier
        status, headers, _ = get(front, path)
        assert (status, headers["X-Cache"]) == (200, "hit")
        kept[path] = object_of(headers)
    poll(lambda: time.monotonic() > filled + FRESH_SECONDS + 1, BOUND_SECONDS)
    return kept


def all_at_once(front, paths, readers=READERS):
    """`readers` requests for each of `paths`, sent together; the futures of
    their answers, in the order of the paths."""
    pool = ThreadPoolExecutor(len(paths) * readers)
    futures = [pool.submit(get, front, path) for path in paths for _ in range(readers)]
    pool.shutdown(wait=False)
    return futures


def test_an_expired_page_is_answered_stale_while_one_request_per_page_refreshes_it(front):
    article = make_article(title="Tin hết hạn ở lớp trước")
    paths = [reverse("articles:home"), article.get_absolute_url()]
    kept = stored_until_expired(front, paths)
    fetched = {path: len(front.fetches(path)) for path in paths}
    graced = front.counter("MAIN.cache_hit_grace")
    poll(front.healthy, BOUND_SECONDS)  # the refresh goes out to the app

    with paused(front.backends[0]):  # it answers nothing meanwhile
        answers = [future.result() for future in all_at_once(front, paths)]
        for path, (status, headers, _) in zip(
            [p for p in paths for _ in range(READERS)], answers, strict=True
        ):
            assert (status, object_of(headers)) == (200, kept[path]), path
            assert int(headers["Age"]) >= FRESH_SECONDS  # the expired copy

    poll(lambda: front.counter("MAIN.cache_hit_grace") >= graced + len(answers), BOUND_SECONDS)
    for path in paths:  # one refresh per page, in the background
        poll(lambda path=path: len(front.fetches(path)) > fetched[path], BOUND_SECONDS)
        assert front.fetches(path)[fetched[path] :] == ["bgfetch"], path
        status, headers, _ = get(front, path)  # the refreshed page from now on
        assert status == 200 and object_of(headers) != kept[path], path


def test_a_purged_page_is_never_answered_stale_its_readers_wait_for_one_fetch(front, settings):
    article = make_article(title="Tiêu đề trước khi sửa")
    path = article.get_absolute_url()
    kept = stored_until_expired(front, [path])  # expired, in grace

    before = purging_from_here(settings, front)
    article.title = "Tiêu đề sau khi sửa"
    article.save()
    purged_twice(front, before)  # the second: every process knows the change
    fetched = len(front.fetches(path))
    waited = front.counter("MAIN.busy_sleep")
    poll(front.healthy, BOUND_SECONDS)

    with paused(front.backends[0]):
        futures = all_at_once(front, [path])
        # All but the one fetching wait for it in Varnish's waiting list.
        poll(lambda: front.counter("MAIN.busy_sleep") >= waited + READERS - 1, BOUND_SECONDS)
        assert not any(future.done() for future in futures)  # none answered stale
    answers = [future.result() for future in futures]

    # One fetch for them all (logged once its body is in, maybe after the answers).
    poll(lambda: len(front.fetches(path)) > fetched, BOUND_SECONDS)
    assert front.fetches(path)[fetched:] == ["fetch"]
    # The one who fetched was answered a miss; the others the object it stored.
    states = sorted(headers["X-Cache"] for _, headers, _ in answers)
    assert states == ["hit"] * (READERS - 1) + ["miss"]
    objects = {object_of(headers) for _, headers, _ in answers if headers["X-Cache"] == "hit"}
    assert len(objects) == 1 and kept[path] not in objects
    for status, _, body in answers:
        assert status == 200 and "Tiêu đề sau khi sửa" in body.decode()
