"""The metrics an operator scrapes (Prometheus text format, docs/operations.md
"Metrics"): defined here, in the lowest package, so every app may count
without importing another. The endpoint and its access rule are in
core/scrape.py.

Labels take few values (view names, outcomes, status codes), never anything
a client chooses, so the number of series stays bounded.

Under gunicorn with several workers each process counts its own; with
PROMETHEUS_MULTIPROC_DIR set, prometheus_client writes the counts to files
there and a scrape adds up every worker's (vpcp_portal/gunicorn.conf.py empties
the folder at start and drops a dead worker's gauges).
"""

import time
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from django.urls import Resolver404, resolve
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

REQUEST_SECONDS = Histogram(
    "vpcp_request_duration_seconds",
    "Time to answer a request, by view (URL name; 'unmatched' for no view).",
    ["view"],
)
PAGE_CACHE = Counter(
    "vpcp_page_cache_lookups",
    "Public pages served from the page cache (hit, stale) or rendered into it (miss).",
    ["outcome"],
)
PAGE_EXPIRIES = Counter(
    "vpcp_page_cache_expiries",
    "Committed expiries of cached pages (pagecache.expire), each bumping the page generation.",
)
FRONT_PURGES = Counter(
    "vpcp_front_purges",
    "Purges sent to the front caches (FRONT_PURGE_URLS): answered, retried after a "
    "failure, or given up after the last retry.",
    ["outcome"],
)
VOTES = Counter(
    "vpcp_votes",
    "Vote attempts: accepted (counted at once), held (stored, waiting for a moderator) "
    "or refused, with the HTTP status answered.",
    ["outcome", "status"],
)
READS = Counter(
    "vpcp_reads",
    "Read beacons: counted, or refused (a bot, another site, an address over its "
    "daily limit, Redis unreachable).",
    ["outcome"],
)

# Every known label value at zero from the start (Prometheus' advice): a
# scrape shows each series before its first event, so a dashboard or rate()
# sees that first event instead of a series appearing. Votes' statuses are
# the ratings app's to know (ratings.submission).
for _outcome in ("counted", "refused"):
    READS.labels(_outcome)
for _outcome in ("answered", "retried", "given_up"):
    FRONT_PURGES.labels(_outcome)

# Figures read when scraped (a query each), registered by the apps that own them.
AT_SCRAPE = CollectorRegistry(auto_describe=False)


class _GaugeAtScrape(Collector):
    def __init__(self, name: str, documentation: str, read: Callable[[], float]):
        self.name, self.documentation, self.read = name, documentation, read

    def collect(self) -> Iterable[Metric]:
        yield GaugeMetricFamily(self.name, self.documentation, value=self.read())


def gauge_at_scrape(name: str, documentation: str, read: Callable[[], float]) -> None:
    """Report `read()` as the gauge `name` on every scrape. `read` must be
    cheap (one small query): a scraper calls it every few seconds. Called
    once per process, from an AppConfig.ready()."""
    AT_SCRAPE.register(_GaugeAtScrape(name, documentation, read))


def view_name(request, status: int = 200) -> str:
    """The URL name of the view a request reached, or of the view its path
    leads to when a middleware answered first (a page-cache hit), or the
    `metrics_view` a middleware answering a path of its own set (`healthz`,
    `metrics`), or 'unmatched' (a 404 no view answered: any client makes up
    such paths, so they are never resolved again nor remembered)."""
    if hasattr(request, "metrics_view"):
        return request.metrics_view
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    if status == 404:
        return "unmatched"
    if len(request.path_info) > MAX_REMEMBERED_PATH:
        return _resolve(request.path_info)
    return _view_of_path(request.path_info)


MAX_REMEMBERED_PATH = 300  # characters: a real page's path is far shorter


@lru_cache(maxsize=4096)
def _view_of_path(path: str) -> str:
    # Resolving a path costs about as much as answering a page-cache hit;
    # the hits go to a few thousand hot paths, so the answer is kept.
    return _resolve(path)


def _resolve(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return "unmatched"


@cache
def _timer(view: str):
    # One histogram child per view name (a bounded set): labels() costs more
    # than the observation itself.
    return REQUEST_SECONDS.labels(view)


def observe_request(view: str, seconds: float) -> None:
    """Count a request answered by `view` (a URL name) in `seconds`: for a
    layer that answers before the middleware stack (pagecache.wsgi)."""
    _timer(view).observe(seconds)


class RequestMetricsMiddleware:
    """Time every request, by view (REQUEST_SECONDS). First in MIDDLEWARE, so
    the time includes every other layer and answers from the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            observe_request(view_name(request, status), time.perf_counter() - started)
