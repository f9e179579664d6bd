"""Where counted reads wait before they are folded into PostgreSQL
(readcounts/folding.py): one Redis hash shared by every app server when REDIS_URL
is set, this process's memory otherwise (`make run`). Both stores answer the
same five calls."""

import threading
import time
import uuid
from functools import cache

import redis
from django.conf import settings


class RedisCounts:
    """Pending counts in one Redis hash, field "<article id>:<hour epoch>"."""

    def __init__(self, url, prefix):
        self.client = _redis_client(url)
        self.pending = f"{prefix}:pending"
        self.prefix = prefix

    def add(self, field):
        self.client.hincrby(self.pending, field, 1)

    def first_n_today(self, key, limit):
        counter = f"{self.prefix}:addr:{key}"
        with self.client.pipeline() as pipe:
            n, _ = pipe.incr(counter).expire(counter, 86400, nx=True).execute()
        return n <= limit

    def fold_due(self, seconds):
        return bool(self.client.set(f"{self.prefix}:fold-due", 1, nx=True, ex=seconds))

    def take(self):
        """All pending counts, removed from Redis in one atomic RENAME."""
        batch = f"{self.prefix}:batch:{uuid.uuid4().hex}"
        try:
            self.client.rename(self.pending, batch)
        except redis.ResponseError:  # no such key: nothing pending
            return {}
        counts = self.client.hgetall(batch)
        self.client.delete(batch)
        return {field.decode(): int(n) for field, n in counts.items()}

    def put_back(self, counts):
        with self.client.pipeline() as pipe:
            for field, n in counts.items():
                pipe.hincrby(self.pending, field, n)
            pipe.execute()


class MemoryCounts:
    """The same in this process's memory, for `make run` without Redis."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts, self.per_address, self.next_fold = {}, {}, 0.0
        self.day = None  # the day per_address counts: kept one day, as in Redis

    def add(self, field):
        with self.lock:
            self.counts[field] = self.counts.get(field, 0) + 1

    def first_n_today(self, key, limit):
        with self.lock:
            day = int(time.time() // 86400)
            if day != self.day:
                self.per_address, self.day = {}, day
            self.per_address[key] = self.per_address.get(key, 0) + 1
            return self.per_address[key] <= limit

    def fold_due(self, seconds):
        with self.lock:
            now = time.monotonic()
            if now < self.next_fold:
                return False
            self.next_fold = now + seconds
            return True

    def take(self):
        with self.lock:
            counts, self.counts = self.counts, {}
            return counts

    def put_back(self, counts):
        for field, n in counts.items():
            with self.lock:
                self.counts[field] = self.counts.get(field, 0) + n


@cache
def _redis_client(url):
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


_memory = MemoryCounts()


def pending_counts():
    """Where reads wait before they are folded: Redis when REDIS_URL is set."""
    if settings.REDIS_URL:
        return RedisCounts(settings.REDIS_URL, settings.READS_KEY_PREFIX)
    return _memory
