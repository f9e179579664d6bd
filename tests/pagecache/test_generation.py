"""The page generation lives in PostgreSQL, bumped with the change it
announces: whatever happens to Redis (emptied, rolled back to an older
snapshot, a message lost), a page kept before a publish is never current
after it."""

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from pagecache import generation
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def redis_keys():
    client = cache._cache.get_client(write=True)
    return client, client.keys(f"{cache.key_prefix}*")


def test_emptying_redis_does_not_take_the_generation_back():
    for _ in range(3):
        generation.bump_page_generation()
    reached = generation.page_generation()
    cache.clear()  # Redis restarted empty, say
    generation.forget()  # and this process reads the number again

    assert generation.page_generation() == reached


def test_a_bump_heard_late_never_takes_the_generation_back():
    generation.bump_page_generation()
    reached = generation.page_generation()
    generation._heard(reached - 1)  # an older message, delivered late

    assert generation.page_generation() == reached


def test_a_page_kept_before_a_publish_is_not_served_after_redis_rolls_back(
    client, django_capture_on_commit_callbacks
):
    first = make_article(title="Tin trước bản chụp")
    home = reverse("articles:home")
    client.get(home)
    assert client.get(home)["X-Page-Cache"] == "hit"
    redis, names = redis_keys()
    snapshot = {name: redis.dump(name) for name in names}  # the home page among them

    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Tin sau bản chụp", category=first.category)
    redis.flushdb()  # Redis comes back from the older snapshot
    for name, value in snapshot.items():
        redis.restore(name, 0, value, replace=True)
    caches["pages"].clear()  # another server, which never held the page itself
    generation.forget()

    page = client.get(home)
    assert "Tin sau bản chụp" in page.content.decode()
    assert page["X-Page-Cache"] == "miss"
