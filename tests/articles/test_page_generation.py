"""The page generation only moves forward: a page made stale by a publish or
a moderator's action is never fresh again in any process."""

import os
import threading

import pytest
from django.conf import settings
from django.core.cache import cache

from pagecache import generation as page_generation
from pagecache.watch import GenerationWatcher

pytestmark = pytest.mark.django_db


def test_a_lost_generation_restarts_above_every_earlier_one(monkeypatch):
    monkeypatch.setattr(page_generation, "_watcher", None)
    for _ in range(1000):  # far more bumps than milliseconds go by
        page_generation.bump_page_generation()
    reached = page_generation.page_generation()
    cache.delete(page_generation.GENERATION_KEY)  # Redis restarted empty, say

    assert page_generation.page_generation() > reached


def test_a_resync_read_before_a_bump_does_not_take_the_generation_back(monkeypatch):
    read, bumped = threading.Event(), threading.Event()

    def read_then_wait():
        value = page_generation._read_generation()
        read.set()
        assert bumped.wait(60)
        return value

    watcher = GenerationWatcher(settings.REDIS_URL, "test-resync", read_then_wait)
    watcher.pid = os.getpid()  # this test drives it: no subscribing thread
    watcher.value = page_generation._read_generation()
    monkeypatch.setattr(page_generation, "_watcher", watcher)
    resync = threading.Thread(target=watcher._resync)
    resync.start()
    assert read.wait(60)
    page_generation.bump_page_generation()  # a moderator removes votes meanwhile
    bumped_to = watcher.current()
    bumped.set()
    resync.join(60)

    assert watcher.current() == bumped_to == cache.get(page_generation.GENERATION_KEY)
