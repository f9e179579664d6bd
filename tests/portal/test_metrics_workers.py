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


def test_a_scrape_adds_up_every_workers_counts_and_a_restart_starts_from_zero(tmp_path):
    environment = {
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

    assert serve_and_ask(environment, 12) == 12
    assert serve_and_ask(environment, 3) == 3
