"""Liveness and readiness probes for load balancers and orchestrators."""

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
    """The database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not ready"; the reason is logged, not shown
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico on every site, the admin included."""
    return HttpResponsePermanentRedirect(static("img/emblem.svg"))
