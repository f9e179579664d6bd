"""Keep each process's copy of the page generation current through Redis
pub/sub, so a cache hit needs no network round trip.

Every bump publishes the new generation; a daemon thread per process (started
lazily, after gunicorn forks) subscribes, then reads the current value, then
applies each published one. Until it is subscribed, and whenever the
connection breaks, readers fall back to reading the shared cache directly, so
a lost message can never keep a stale page in service.
"""

import logging
import os
import threading
import time

import redis

log = logging.getLogger(__name__)


class GenerationWatcher:
    def __init__(self, url, channel, read):
        self.url = url
        self.channel = channel
        self.read = read  # reads the generation from the shared cache
        self.value = None  # None: not subscribed, read through
        self.pid = None
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
            redis.Redis.from_url(self.url).publish(self.channel, value)
        except redis.RedisError:
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
        client = redis.Redis.from_url(self.url, health_check_interval=30, socket_keepalive=True)
        pubsub = client.pubsub()
        pubsub.subscribe(self.channel)
        while (message := pubsub.get_message(timeout=5)) is None or message["type"] != "subscribe":
            pass
        # Subscribed first, read second: no bump can fall between the two.
        with self.lock:
            self.value = self.read()
        for message in pubsub.listen():
            if message["type"] == "message":
                self._advance(int(message["data"]))
