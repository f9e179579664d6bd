"""`/metrics`: the portal's metrics (core/metrics.py) in Prometheus' text
format, for the operator's scraper only.

Answered by a middleware early in MIDDLEWARE, as `/healthz` is: a scraper
reaches each app server by its own address, which is not in ALLOWED_HOSTS,
over plain HTTP.

Who may scrape: METRICS_TOKEN (sent as `Authorization: Bearer <token>`)
and/or METRICS_ALLOWED_NETWORKS (the client address, core.client_ip, in one
of them); when both are set, both must hold. With neither set the endpoint is
off. Anyone else gets the portal's 404: the public learns nothing, not even
that the endpoint exists (the request goes on to the URL resolver, which
finds no page there).
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import CollectorRegistry

from .client_ip import client_ip
from .metrics import AT_SCRAPE


def may_scrape(request: HttpRequest) -> bool:
    """Whether the request comes from the operator's scraper (see above)."""
    token, networks = settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS
    if not token and not networks:
        return False
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(sent.encode(), token.encode()):
            return False
    if networks:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        if not any(address in network for network in networks):
            return False
    return True


def _process_metrics() -> CollectorRegistry:
    """Every worker's counts when prometheus_client keeps them in files
    (PROMETHEUS_MULTIPROC_DIR), else this process's."""
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=settings.PROMETHEUS_MULTIPROC_DIR)
    return registry


class MetricsEndpointMiddleware:
    """Answer GET `/metrics` for the scraper (see above); everything else,
    the public's `/metrics` included, goes on down the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info == "/metrics"
            and request.method in ("GET", "HEAD")
            and may_scrape(request)
        ):
            request.metrics_view = "metrics"
            body = generate_latest(_process_metrics()) + generate_latest(AT_SCRAPE)
            response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
            add_never_cache_headers(response)
            return response
        return self.get_response(request)
