"""The read counter on the real Redis, for every test of Đọc nhiều."""

import uuid

import pytest
import redis

from tests.servers import run_redis_url


@pytest.fixture
def reads_redis(settings):
    """The read counter on the real Redis, under a key prefix of its own: the
    test run's database, never a fixed one that another checkout's run may
    empty while a test waits for its fold."""
    settings.REDIS_URL = run_redis_url()
    settings.READS_KEY_PREFIX = f"test-reads-{uuid.uuid4().hex}"
    settings.READS_FOLD_SECONDS = 3600
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    for key in client.scan_iter(f"{settings.READS_KEY_PREFIX}:*"):
        client.delete(key)
