"""The operator's metrics endpoint (docs/operations.md, "Metrics"): closed to
the public, open to the scraper's token or network, and its counters move
with what readers do."""

import ipaddress

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from pagecache import expire
from tests.factories import make_article
from tests.ratings.factories import vote_without_cookies

pytestmark = pytest.mark.django_db

TOKEN = "scraper-secret-token"
READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


@pytest.fixture
def scraper(settings):
    settings.METRICS_TOKEN = TOKEN
    return Client(headers={"Authorization": f"Bearer {TOKEN}"})


def samples(scraper):
    """{(name, frozenset(labels)): value} of one scrape."""
    response = scraper.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(scrape, name, **labels):
    return scrape.get((name, frozenset(labels.items())), 0.0)


def test_the_public_gets_the_portals_404_when_no_scraper_is_configured(client):
    response = client.get("/metrics")
    assert response.status_code == 404
    assert "vpcp_" not in response.content.decode()


def test_a_wrong_or_missing_token_gets_a_404(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer guess"}).status_code == 404


def test_the_scraper_with_the_token_reads_the_metrics_uncached(scraper):
    response = scraper.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert "vpcp_request_duration_seconds" in response.content.decode()


def test_an_allowed_network_may_scrape_and_other_addresses_may_not(settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    assert Client(REMOTE_ADDR="10.20.3.4").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 404


def test_with_both_set_the_scraper_needs_the_token_and_the_network(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert Client(REMOTE_ADDR="10.20.3.4", headers=bearer).get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.20.3.4").get("/metrics").status_code == 404
    assert Client(REMOTE_ADDR="203.0.113.9", headers=bearer).get("/metrics").status_code == 404


def test_page_views_count_latency_by_view_and_page_cache_outcomes(scraper, client):
    article = make_article()
    before = samples(scraper)

    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    client.get("/khong-co-trang-nay/")

    after = samples(scraper)
    for outcome in ("miss", "hit"):
        name = "vpcp_page_cache_lookups_total"
        assert value(after, name, outcome=outcome) == value(before, name, outcome=outcome) + 1
    latency = "vpcp_request_duration_seconds_count"
    view = {"view": "articles:detail"}
    assert value(after, latency, **view) == value(before, latency, **view) + 2
    unmatched = {"view": "unmatched"}
    assert value(after, latency, **unmatched) == value(before, latency, **unmatched) + 1


def test_an_expiry_is_counted_when_it_commits(scraper, django_capture_on_commit_callbacks):
    before = value(samples(scraper), "vpcp_page_cache_expiries_total")

    with django_capture_on_commit_callbacks(execute=True):
        expire(["article-1"])

    assert value(samples(scraper), "vpcp_page_cache_expiries_total") == before + 1


def test_votes_are_counted_accepted_held_or_refused_and_held_ones_wait(scraper):
    article = make_article()
    before = samples(scraper)

    assert vote_without_cookies(article, "198.51.100.7").status_code == 201
    assert vote_without_cookies(article, "198.51.100.7").status_code == 201  # held
    refused = Client(REMOTE_ADDR="198.51.100.8").post(
        f"/api/ratings/{article.pk}/", {"score": 5, "captcha_0": "x", "captcha_1": "y"}
    )
    assert refused.status_code == 400

    after = samples(scraper)
    for outcome, status in (("accepted", "201"), ("held", "201"), ("refused", "400")):
        labels = {"outcome": outcome, "status": status}
        assert value(after, "vpcp_votes_total", **labels) == (
            value(before, "vpcp_votes_total", **labels) + 1
        )
    assert value(after, "vpcp_held_votes_waiting") == 1


def test_read_beacons_are_counted_or_refused(scraper, settings):
    settings.READS_FOLD_SECONDS = 3600
    article = make_article()
    url = f"/api/doc/{article.pk}/"
    before = samples(scraper)

    Client(REMOTE_ADDR="203.0.113.7", headers={"User-Agent": READER_UA}).post(url)
    Client(REMOTE_ADDR="203.0.113.7", headers={"User-Agent": "curl/8.5"}).post(url)

    after = samples(scraper)
    for outcome in ("counted", "refused"):
        name = "vpcp_reads_total"
        assert value(after, name, outcome=outcome) == value(before, name, outcome=outcome) + 1


def test_an_address_that_cannot_be_trusted_never_scrapes(settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("0.0.0.0/0")]
    assert Client(REMOTE_ADDR="not-an-address").get("/metrics").status_code == 404
