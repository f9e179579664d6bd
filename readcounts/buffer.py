"""Where counted reads wait before they are folded into PostgreSQL
(readcounts/folding.py), with the day's tallies that decide whether a read
counts: Redis when REDIS_URL is set (shared by every app server), this
process's memory otherwise (`make run`). Both stores answer the same calls.

Every Redis key written here is bounded in number and lifetime:
- `<prefix>:seen:<day>:<article id>`: one hash per public article per UTC
  day, expiring an hour after the day ends, holding per network its reads
  (`n:`) and its flood window (`w:`), and per address its reads (`a:`), under
  keyed hashes (no address is stored). A network at its cap writes nothing
  more, so a hash holds at most READS_MAX_PER_NETWORK_PER_DAY address fields
  per network that read the article;
- `<prefix>:pending`: the counts waiting for the fold, one field per article
  and hour, emptied by every fold and expiring after two days regardless;
- `<prefix>:fold-due` (READS_FOLD_SECONDS) and `<prefix>:batch:<id>` (a fold's
  batch, deleted at once, expiring after a day if its fold died).
"""

import threading
import time
import uuid
from dataclasses import dataclass
from functools import cache

import redis
from django.conf import settings

DAY = 86400
PENDING_SECONDS = 2 * DAY
SEEN_GRACE_SECONDS = 3600


@dataclass(frozen=True)
class Read:
    """One beacon, as the stores see it: hashed network and address, the
    article, its UTC day and hour (epoch seconds) and the flood window."""

    article_id: int
    network: str
    address: str
    now: int  # epoch seconds

    @property
    def day(self):
        return self.now // DAY

    @property
    def hour(self):
        return self.now // 3600 * 3600

    @property
    def window(self):
        return self.now // settings.READS_FLOOD_SECONDS


# The rules of one read, atomically: a network at its cap (or muted for a
# flood) and an address at its cap count nothing and write nothing; a network
# past READS_FLOOD_READS in one window is muted on the article for the day.
ADMIT = """
local seen, pending = KEYS[1], KEYS[2]
local net_field, window_field, address_field = ARGV[1], ARGV[2], ARGV[3]
local net_cap, address_cap, flood = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
if tonumber(redis.call('HGET', seen, net_field) or '0') >= net_cap then return 0 end
if tonumber(redis.call('HGET', seen, address_field) or '0') >= address_cap then return 0 end
local count = 1
local window = redis.call('HGET', seen, window_field)
if window then
    local sep = string.find(window, ':', 1, true)
    if string.sub(window, 1, sep - 1) == ARGV[7] then
        count = tonumber(string.sub(window, sep + 1)) + 1
    end
end
if count > flood then
    redis.call('HSET', seen, net_field, net_cap)
    return 0
end
redis.call('HSET', seen, window_field, ARGV[7] .. ':' .. count)
redis.call('HINCRBY', seen, net_field, 1)
redis.call('HINCRBY', seen, address_field, 1)
redis.call('EXPIRE', seen, ARGV[8])
redis.call('HINCRBY', pending, ARGV[9], 1)
redis.call('EXPIRE', pending, ARGV[10])
return 1
"""


def _limits():
    return (
        settings.READS_MAX_PER_NETWORK_PER_DAY,
        settings.READS_MAX_PER_ADDRESS_PER_DAY,
        settings.READS_FLOOD_READS,
    )


class RedisCounts:
    """Pending counts in one Redis hash, field "<article id>:<hour epoch>";
    the day's tallies in one hash per article and day."""

    def __init__(self, url, prefix):
        self.client = _redis_client(url)
        self.pending = f"{prefix}:pending"
        self.prefix = prefix

    def count(self, read: Read) -> bool:
        """Count `read` if its network and address are under their caps and
        its network does not flood the article; True when counted."""
        seen = f"{self.prefix}:seen:{read.day}:{read.article_id}"
        seen_ttl = (read.day + 1) * DAY - read.now + SEEN_GRACE_SECONDS
        args = [
            f"n:{read.network}",
            f"w:{read.network}",
            f"a:{read.address}",
            *_limits(),
            read.window,
            seen_ttl,
            f"{read.article_id}:{read.hour}",
            PENDING_SECONDS,
        ]
        return bool(_admit_script(self.client)(keys=[seen, self.pending], args=args))

    def fold_due(self, seconds):
        return bool(self.client.set(f"{self.prefix}:fold-due", 1, nx=True, ex=seconds))

    def take(self):
        """All pending counts, removed from Redis in one atomic RENAME."""
        batch = f"{self.prefix}:batch:{uuid.uuid4().hex}"
        try:
            self.client.rename(self.pending, batch)
        except redis.ResponseError:  # no such key: nothing pending
            return {}
        self.client.expire(batch, DAY)
        counts = self.client.hgetall(batch)
        self.client.delete(batch)
        return {field.decode(): int(n) for field, n in counts.items()}

    def put_back(self, counts):
        with self.client.pipeline() as pipe:
            for field, n in counts.items():
                pipe.hincrby(self.pending, field, n)
            pipe.expire(self.pending, PENDING_SECONDS)
            pipe.execute()


class MemoryCounts:
    """The same in this process's memory, for `make run` without Redis."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts, self.seen, self.next_fold = {}, {}, 0.0
        self.day = None  # the day `seen` holds: kept one day, as in Redis

    def count(self, read: Read) -> bool:
        net_cap, address_cap, flood = _limits()
        with self.lock:
            if read.day != self.day:
                self.seen, self.day = {}, read.day
            seen = self.seen.setdefault(read.article_id, {})
            net, address = f"n:{read.network}", f"a:{read.address}"
            if seen.get(net, 0) >= net_cap or seen.get(address, 0) >= address_cap:
                return False
            window, in_window = seen.get(f"w:{read.network}", (read.window, 0))
            in_window = in_window + 1 if window == read.window else 1
            if in_window > flood:
                seen[net] = net_cap
                return False
            seen[f"w:{read.network}"] = (read.window, in_window)
            seen[net] = seen.get(net, 0) + 1
            seen[address] = seen.get(address, 0) + 1
            field = f"{read.article_id}:{read.hour}"
            self.counts[field] = self.counts.get(field, 0) + 1
            return True

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


@cache
def _admit_script(client):
    return client.register_script(ADMIT)


_memory = MemoryCounts()


def pending_counts():
    """Where reads wait before they are folded: Redis when REDIS_URL is set."""
    if settings.REDIS_URL:
        return RedisCounts(settings.REDIS_URL, settings.READS_KEY_PREFIX)
    return _memory
