"""The counters the per-network limits keep in Redis
(core.cache.PortalRedisCache.increment_expiring)."""

import redis.connection


def test_a_counter_counts_from_one_and_expires_after_its_timeout(redis_counters):
    counts = [redis_counters.increment_expiring("attempts", 60) for _ in range(3)]

    key = redis_counters.make_key("attempts")
    ttl = redis_counters._cache.get_client(key).ttl(key)
    assert counts == [1, 2, 3]
    assert 0 < ttl <= 60


def test_a_counter_keeps_the_expiry_of_its_first_increment(redis_counters):
    redis_counters.increment_expiring("shown", 30)
    redis_counters.increment_expiring("shown", 3600)

    key = redis_counters.make_key("shown")
    assert redis_counters._cache.get_client(key).ttl(key) <= 30


def test_a_counter_still_counts_after_redis_forgot_its_script(redis_counters):
    redis_counters.increment_expiring("attempts", 60)
    client = redis_counters._cache.get_client(redis_counters.make_key("attempts"))
    client.script_flush()

    assert redis_counters.increment_expiring("attempts", 60) == 2


def test_several_counters_are_counted_in_one_command(redis_counters, monkeypatch):
    redis_counters.increment_expiring("attempts", 60)
    sent = []
    original = redis.connection.Connection.send_packed_command

    def send(connection, *args, **kwargs):
        sent.append(args)
        return original(connection, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", send)
    counts = redis_counters.increment_expiring_many(["attempts", "plain"], 60)

    assert counts == [2, 1]
    assert len(sent) == 1
    key = redis_counters.make_key("plain")
    assert 0 < redis_counters._cache.get_client(key, write=True).ttl(key) <= 60
