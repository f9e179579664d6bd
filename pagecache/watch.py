"""Hear the page generation's committed bumps through Redis pub/sub, so every
process takes a publish at once rather than at its next read of the row
(generation.py).

A daemon thread per process (started lazily, after gunicorn forks)
subscribes and hands each published value to `heard`; once subscribed, and
after every reconnection, it calls `heard(None)`: bumps may have been missed
meanwhile, so the row is read again. It pings the server every PING_SECONDS
so that a silently dead connection is noticed. Redis only carries the news:
a lost message costs at most generation.POLL_SECONDS.
"""

import logging
import os
import threading
import time

import redis

log = logging.getLogger(__name__)
PING_SECONDS = 15


class GenerationWatcher:
    def __init__(self, url, channel, heard):
        self.url = url
        self.channel = channel
        self.heard = heard  # called with each published value, or None (read again)
        self.pid = None
        self.publisher = None
        self.lock = threading.Lock()

    def ensure_started(self):
        """Start the subscribing thread in this process, once."""
        if self.pid != os.getpid():
            self._start()

    def published(self, value):
        """Tell the other processes about a committed bump to `value`."""
        try:
            if self.publisher is None:
                self.publisher = redis.Redis.from_url(self.url, socket_timeout=2)
            self.publisher.publish(self.channel, value)
        except redis.RedisError:
            # The others read the row within generation.POLL_SECONDS anyway.
            log.warning("page generation %s not published", value, exc_info=True)

    def _start(self):
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.publisher = None  # a forked child must not share the parent's socket
        threading.Thread(target=self._run, name="page-generation-watch", daemon=True).start()

    def _run(self):
        while True:
            try:
                self._listen()
            except Exception:  # any failure: subscribe again
                log.warning("page generation watch interrupted", exc_info=True)
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
        self.heard(None)  # subscribed first, read second: no bump falls between
        pinged = time.monotonic()
        while True:
            message = pubsub.get_message(timeout=1)
            if message and message["type"] == "message":
                self.heard(int(message["data"]))
            if time.monotonic() - pinged > PING_SECONDS:
                pubsub.ping()  # a dead connection fails here or on the next read
                pinged = time.monotonic()
