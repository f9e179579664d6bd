"""Several gunicorn workers, one scrape (docs/operations.md, "Metrics"): with
PROMETHEUS_MULTIPROC_DIR the scrape adds up every worker's counts, and a
restart starts them again from zero (vpcp_portal/gunicorn.conf.py)."""

import os
import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bench.stack import Gunicorn
from tests.servers import fetch, postgres_url, run_redis_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

TOKEN = "scraper-secret-token"


def readyz_count(base):
    status, _, body = fetch(base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == "vpcp_request_duration_seconds_count" and sample.labels == {
                "view": "readyz"
            }:
                return sample.value
    return 0


def serve_and_ask(environment, requests):
    """Start gunicorn with two workers, ask /readyz `requests` times, and
    return the count one scrape reports."""
    server = Gunicorn(environment, workers=2, threads=2)
    try:
        for _ in range(requests):
            assert fetch(server.base + "/readyz")[0] == 200
        return readyz_count(server.base)
    finally:
        server.stop()


def workers_environment(tmp_path):
    return {
        **os.environ,
        "DATABASE_URL": postgres_url(),
        "REDIS_URL": run_redis_url(),
        "CACHE_KEY_PREFIX": f"workers-{uuid.uuid4().hex[:8]}",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }


def test_a_scrape_adds_up_every_workers_counts_and_a_restart_starts_from_zero(tmp_path):
    environment = workers_environment(tmp_path)

    assert serve_and_ask(environment, 12) == 12
    assert serve_and_ask(environment, 3) == 3


# The series docs/operations.md lists with their label values, before any event.
FROM_ZERO = [
    ("vpcp_votes_total", {"outcome": "accepted", "status": "201"}),
    ("vpcp_votes_total", {"outcome": "held", "status": "201"}),
    *(("vpcp_votes_total", {"outcome": "refused", "status": s}) for s in
      ("400", "404", "409", "429", "503")),
    ("vpcp_reads_total", {"outcome": "counted"}),
    ("vpcp_reads_total", {"outcome": "refused"}),
    ("vpcp_front_purges_total", {"outcome": "answered"}),
    ("vpcp_front_purges_total", {"outcome": "retried"}),
    ("vpcp_front_purges_total", {"outcome": "given_up"}),
]  # fmt: skip


def test_the_first_scrape_of_a_new_server_shows_every_known_series_at_zero(tmp_path):
    server = Gunicorn(workers_environment(tmp_path), workers=2, threads=2)
    try:
        status, _, body = fetch(
            server.base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
    finally:
        server.stop()
    assert status == 200
    scraped = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }
    for name, labels in FROM_ZERO:
        assert scraped.get((name, frozenset(labels.items()))) == 0, (name, labels)
