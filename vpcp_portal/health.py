"""Liveness and readiness probes for load balancers and orchestrators."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process answers; touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready when the database answers a query. The shared cache is reported
    but does not make the server unready: without it pages are rendered
    uncached and votes are refused, but readers are still served, and taking
    every server out of the load balancer would be worse."""
    body = {"status": "ok", "database": "ok", "cache": "ok"}
    try:
        cache.get("readyz")
    except Exception:  # any cache failure means "degraded"; the reason is logged
        body["cache"] = "down"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not ready"; the reason is logged, not shown
        body.update(status="unavailable", database="down")
        return JsonResponse(body, status=503)
    return JsonResponse(body)


def favicon(request):
    """Browsers ask for /favicon.ico on every site, the admin included."""
    return HttpResponsePermanentRedirect(static("img/emblem.svg"))
