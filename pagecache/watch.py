"""Keep each process's copy of the page generation current through Redis
pub/sub, so a cache hit needs no network round trip.

Every bump publishes the new generation; a daemon thread per process (started
lazily, after gunicorn forks) subscribes, then reads the current value, then
applies each published one, pinging the server and re-reading the value every
RESYNC_SECONDS so a silently dead connection or a lost message is noticed.
Until it is subscribed, and whenever the connection breaks, readers fall back
to reading the shared cache directly.
"""

import logging
import os
import threading
import time

import redis

log = logging.getLogger(__name__)
RESYNC_SECONDS = 15


class GenerationWatcher:
    def __init__(self, url, channel, read):
        self.url = url
        self.channel = channel
        self.read = read  # reads the generation from the shared cache
        self.value = None  # None: not subscribed, read through
        self.pid = None
        self.publisher = None
        self.lock = threading.Lock()

    def current(self):
        if self.pid != os.getpid():
            self._start()
        value = self.value
        return value if value is not None else self.read()

    def published(self, value):
        """Tell the other processes (and this one) about a new generation."""
        self._advance(value)
        try:
            if self.publisher is None:
                self.publisher = redis.Redis.from_url(self.url, socket_timeout=2)
            self.publisher.publish(self.channel, value)
        except redis.RedisError:
            # The others notice at their next resync at the latest.
            log.warning("page generation %s not published", value, exc_info=True)

    def _advance(self, value):
        with self.lock:
            if self.value is not None:
                self.value = max(self.value, value)

    def _start(self):
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.value = None
            self.publisher = None  # a forked child must not share the parent's socket
        threading.Thread(target=self._run, name="page-generation-watch", daemon=True).start()

    def _run(self):
        while True:
            try:
                self._listen()
            except Exception:  # any failure: read through until subscribed again
                log.warning("page generation watch interrupted", exc_info=True)
            with self.lock:
                self.value = None
            time.sleep(1)

    def _listen(self):
        client = redis.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=2)
        pubsub = client.pubsub()
        pubsub.subscribe(self.channel)
        deadline = time.monotonic() + 5
        while True:
            message = pubsub.get_message(timeout=1)
            if message and message["type"] == "subscribe":
                break
            if time.monotonic() > deadline:
                raise TimeoutError("no subscription confirmation")
        # Subscribed first, read second: no bump can fall between the two.
        self._resync()
        synced = time.monotonic()
        while True:
            message = pubsub.get_message(timeout=1)
            if message and message["type"] == "message":
                self._advance(int(message["data"]))
            if time.monotonic() - synced > RESYNC_SECONDS:
                pubsub.ping()  # a dead connection fails here or on the next read
                self._resync()
                synced = time.monotonic()

    def _resync(self):
        fresh = self.read()
        with self.lock:
            # max(), never assigned: a bump in this process (published()) may
            # have advanced the value after `fresh` was read, and a generation
            # going back would serve pages that bump made stale. A lost key is
            # re-seeded above every earlier value (generation._clock).
            self.value = fresh if self.value is None else max(self.value, fresh)
