"""Liveness and readiness probes for load balancers and orchestrators."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


class LivenessProbeMiddleware:
    """Answer `/healthz` right after the request log, before the other
    middleware: the process answers, and nothing else is touched.

    Early in MIDDLEWARE, as load balancers need it: their probes carry the
    server's address as Host (not in ALLOWED_HOSTS), come over plain HTTP
    (never redirected to HTTPS), and need no security headers on a two-field JSON
    body. It also keeps the probe about as cheap as a bare Django view.
    """

    BODY = b'{"status": "ok"}'
    # What django.views.decorators.cache.never_cache would set, as constants.
    HEADERS = {
        "Content-Type": "application/json",
        "Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private",
        "X-Content-Type-Options": "nosniff",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            request.metrics_view = "healthz"  # its label in core.metrics
            return HttpResponse(self.BODY, headers=self.HEADERS)
        return self.get_response(request)


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
