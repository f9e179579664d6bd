"""Django's Redis cache backend, reusing one client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache
call; with redis-py 5+ that constructor rebuilds its response-callback table
each time, which on a cached page costs more CPU than the network round trip
itself takes (bench/cpu.py --profile shows it). A `redis.Redis` is
thread-safe, so one per pool is enough.
"""

import redis
from django.conf import settings
from django.core.cache import close_caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.signals import request_finished
from django.utils.module_loading import import_string

# What a cache call raises when Redis cannot be reached or answers wrongly.
CACHE_ERRORS = (redis.RedisError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


# INCR, and EXPIRE on the first increment, atomically, for each key.
INCREMENT_EXPIRING = """
local counts = {}
for i, key in ipairs(KEYS) do
    counts[i] = redis.call('INCR', key)
    if counts[i] == 1 then
        redis.call('EXPIRE', key, ARGV[1])
    end
end
return counts
"""


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._scripts = {}

    def increment_expiring(self, key, timeout, version=None):
        """Add one to a counter that expires `timeout` seconds after its first
        increment; returns the new count. One command (a Lua script, run by
        its SHA1 once Redis knows it), where Django's add() then incr() cost
        three round trips and a pipeline costs more CPU than the script."""
        return self.increment_expiring_many([key], timeout, version=version)[0]

    def increment_expiring_many(self, keys, timeout, version=None):
        """increment_expiring() for each of `keys` in the same one command;
        returns their new counts, in order. The keys live on the server
        Django writes to (the first of LOCATION)."""
        keys = [self.make_and_validate_key(key, version=version) for key in keys]
        client = self._cache.get_client(keys[0], write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(INCREMENT_EXPIRING)
        return script(keys=keys, args=[timeout])


def skip_closing_caches_per_request():
    """Disconnect Django's `close_caches` from `request_finished` when no
    configured backend has anything to close (each keeps BaseCache.close, a
    no-op, as Redis and local memory do: redis-py pools its connections).
    Asking every alias of every request for its cache costs about as much as
    answering a page from the page cache; a backend that closes something
    (memcached) keeps Django's behaviour. Called once, from AppConfig.ready()."""
    backends = [import_string(config["BACKEND"]) for config in settings.CACHES.values()]
    if all(backend.close is BaseCache.close for backend in backends):
        request_finished.disconnect(close_caches)
