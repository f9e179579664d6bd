"""Redis at its memory limit with the policy docs/deployment.md sets
(`maxmemory-policy noeviction`): the counters already written stay (nothing
is evicted, so no quota is reset), and the portal degrades as when Redis is
down: pages are served uncached, reads are not counted, the rating limits
fail closed, never a 500."""

import subprocess
import tempfile
import time

import pytest
import redis

from tests.factories import make_article
from tests.servers import ANSWER_SECONDS, app_server, fetch, servers_database_url
from wholestack.processes import free_port, stop_session

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_redis():
    """A redis-server of the test's own, 4 MiB at most, evicting nothing."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [
                "redis-server",
                *("--port", str(port), "--bind", "127.0.0.1", "--dir", folder),
                *("--save", "", "--appendonly", "no"),
                *("--maxmemory", "4mb", "--maxmemory-policy", "noeviction"),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = redis.Redis(port=port)
        deadline = time.monotonic() + ANSWER_SECONDS
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield f"redis://127.0.0.1:{port}/0", client
        stop_session(process)


def fill(client):
    """Write junk until Redis refuses writes."""
    n = 0
    while True:
        try:
            client.set(f"junk:{n}", b"\0" * 64 * 1024)
        except redis.exceptions.OutOfMemoryError:
            return
        n += 1


def test_a_full_redis_keeps_its_counters_and_the_portal_serves_readers(small_redis):
    url, client = small_redis
    database = servers_database_url()
    article = make_article(title="Tin khi Redis đầy")
    with app_server(database, REDIS_URL=url, CACHE_KEY_PREFIX="full") as base:
        assert fetch(base + article.get_absolute_url())[0] == 200
        client.set("quota:network", 3, ex=3600)  # a limit's counter, with its expiry
        fill(client)

        page = fetch(base + article.get_absolute_url())
        beacon = fetch(
            f"{base}/api/doc/{article.pk}/", data=b"", headers={"User-Agent": "Mozilla/5.0"}
        )
        captcha = fetch(base + "/api/ratings/captcha/")
        search = fetch(base + "/tim-kiem/?q=redis")
        sign_in = fetch(base + "/quan-tri/login/")

    assert client.get("quota:network") == b"3"
    assert page[0] == 200 and "Tin khi Redis đầy" in page[2]
    assert beacon[0] == 204
    assert captcha[0] == 503 and "errors" in captcha[2]
    assert search[0] == 200 and sign_in[0] == 200
