"""The HTTP cache in front (Varnish with its xkey module, deploy/varnish.vcl):
what it may keep, for how long, and the purges that take pages out of it.

- A public page rendered or served fresh by the app goes out with
  `Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M`:
  browsers revalidate every time (ETag), the front keeps it N seconds, N
  never past the next thing that changes a page by the clock (the next
  scheduled publication, midnight for the date line, FRONT_CACHE_SECONDS for
  Đọc nhiều). Everything else (a stale in-app copy, a page showing a message,
  a request with a session, a response setting a cookie) goes out without
  s-maxage, which the VCL never stores.
- `pages_expired` (a committed change) sends `PURGE` with the keys in an
  `xkey-purge` header to every URL of FRONT_PURGE_URLS, from a thread of
  this process: a failed purge is logged and tried again. Each change is
  purged twice, at once and again after generation.POLL_SECONDS: until then
  a process that has not heard of the change yet could answer the front's
  first refetch with its old copy.
"""

import atexit
import heapq
import itertools
import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

from core.metrics import FRONT_PURGES

from .generation import POLL_SECONDS, page_generation
from .schedule import (
    UNKNOWN,
    known_seconds_until_next_change,
    seconds_until_midnight,
    seconds_until_next_change,
)

log = logging.getLogger(__name__)
PURGE_HEADER = "xkey-purge"
RETRY_SECONDS = (1, 2, 5, 10, 30, 60)  # waits between the attempts of one purge
TIMEOUT_SECONDS = 5
# How long a process that is ending (a management command such as
# expire_pages or migrate, a worker shutting down) waits for the purges it
# queued: the second purge of a change goes out POLL_SECONDS + 1 after the
# first, so this covers both and a slow answer, not the whole retry schedule.
EXIT_WAIT_SECONDS = 15


def shared_seconds(fresh_until=None):
    """Seconds the front may keep a page (0: not at all); `fresh_until`
    (time.time()): when the in-app copy it is served from goes stale, which
    the front's copy does not outlive either."""
    seconds = _within_freshness(fresh_until)
    if seconds <= 0:
        return 0
    generation = page_generation()
    if generation is None:
        return 0
    return _within_schedule(seconds, seconds_until_next_change(generation))


def known_cache_control(generation, fresh_until):
    """The Cache-Control of a shareable page served from the in-app copy
    fresh until `fresh_until` under `generation`, when this process can tell
    it without a look-up (schedule.known_seconds_until_next_change); else None."""
    seconds = _within_freshness(fresh_until)
    if seconds <= 0:
        return cache_control(0)
    upcoming = known_seconds_until_next_change(generation)
    if upcoming is UNKNOWN:
        return None
    return cache_control(_within_schedule(seconds, upcoming))


def _within_freshness(fresh_until):
    seconds = settings.FRONT_CACHE_SECONDS
    if fresh_until is not None:
        seconds = min(seconds, int(fresh_until - time.time()))
    return seconds


def _within_schedule(seconds, upcoming):
    return min(seconds, upcoming or seconds, seconds_until_midnight())


def cache_control(seconds):
    """The Cache-Control value: the front keeps the page `seconds` (0: not
    at all); browsers revalidate every time."""
    # Written whole (what patch_cache_control writes on an empty header):
    # every page served pays for this, cache hits included.
    if seconds:
        return (
            f"public, max-age=0, s-maxage={seconds}, "
            f"stale-while-revalidate={settings.FRONT_STALE_SECONDS}"
        )
    return "public, no-cache"


def mark(response, *, shareable, fresh_until=None):
    """Set the page's Cache-Control: for the front when `shareable` (and the
    front is on), else for browsers only (revalidate every time).
    `fresh_until`: see shared_seconds."""
    response.headers.pop("Expires", None)
    response.headers["Cache-Control"] = cache_control(
        shared_seconds(fresh_until) if shareable else 0
    )


class Purger:
    """One thread per process sending purges, each tried again after
    RETRY_SECONDS until it is answered 200 (then given up, logged)."""

    def __init__(self):
        self.queue = []  # (due, order, url, keys, attempt)
        self.order = itertools.count()
        self.wake = threading.Condition()
        self.thread = None
        self.pending = 0  # queued or being sent

    def add(self, url, keys, delay=0.0, attempt=0):
        with self.wake:
            heapq.heappush(
                self.queue, (time.monotonic() + delay, next(self.order), url, keys, attempt)
            )
            self.pending += 1
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="front-purge", daemon=True)
                self.thread.start()
                # The thread is a daemon, so a process ending would drop
                # what it has not sent: wait for it first (bounded).
                atexit.register(self.drain, EXIT_WAIT_SECONDS)
            self.wake.notify_all()

    def drop_pending(self):
        """Forget the purges not sent yet (a test whose front is gone)."""
        with self.wake:
            self.pending -= len(self.queue)
            self.queue.clear()
            self.wake.notify_all()

    def drain(self, seconds):
        """Wait until every purge queued so far is answered or given up, or
        `seconds` pass; returns whether none is left. Those left are logged."""
        deadline = time.monotonic() + seconds
        with self.wake:
            while self.pending and (left := deadline - time.monotonic()) > 0:
                self.wake.wait(left)
            if self.pending:
                log.error("%d purges not sent after %s s", self.pending, seconds)
            return not self.pending

    def _run(self):
        while True:
            with self.wake:
                while not self.queue or self.queue[0][0] > time.monotonic():
                    self.wake.wait(self.queue[0][0] - time.monotonic() if self.queue else None)
                _, _, url, keys, attempt = heapq.heappop(self.queue)
            try:
                self._send(url, keys, attempt)
            finally:
                with self.wake:
                    self.pending -= 1
                    self.wake.notify_all()

    def _send(self, url, keys, attempt):
        # `url` is the operator's FRONT_PURGE_URLS, never a reader's input.
        request = urllib.request.Request(  # noqa: S310
            url, method="PURGE", headers={PURGE_HEADER: " ".join(sorted(keys))}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
                answer.read()
            FRONT_PURGES.labels("answered").inc()
            return
        except (urllib.error.URLError, OSError) as error:
            failure = error
        if attempt < len(RETRY_SECONDS):
            FRONT_PURGES.labels("retried").inc()
            log.warning("purge of %s at %s failed (%s), retried", sorted(keys), url, failure)
            self.add(url, keys, RETRY_SECONDS[attempt], attempt + 1)
        else:
            FRONT_PURGES.labels("given_up").inc()
            log.error("purge of %s at %s failed (%s), given up", sorted(keys), url, failure)


_purger = Purger()


def purge_expired(keys, **_):
    """Purge the pages of `keys` from every front node (a pages_expired receiver)."""
    for url in settings.FRONT_PURGE_URLS:
        _purger.add(url, keys)
        _purger.add(url, keys, POLL_SECONDS + 1)
