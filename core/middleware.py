"""Project-wide middleware: request logging and database-outage handling."""

import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.response import SimpleTemplateResponse

from . import errors, texts

request_log = logging.getLogger("vpcp.request")
error_log = logging.getLogger("vpcp.error")


def log_request(*, method: str, path: str, status: int, started: float, size: int | None) -> None:
    """Write the request's log line. `started`: time.perf_counter() when it
    arrived; `size`: the body's length in bytes (None: streamed)."""
    request_log.info(
        "request",
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "bytes": size,
        },
    )


class RequestLogMiddleware:
    """One structured log line per request (the JSON formatter writes it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        log_request(
            method=request.method,
            path=request.path,
            status=response.status_code,
            started=started,
            size=len(response.content) if not response.streaming else None,
        )
        return response


class DatabaseUnavailableMiddleware:
    """While the database is down, answer a Vietnamese 503 page, not a traceback.

    The connection is health-checked on the next request (CONN_HEALTH_CHECKS),
    so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError) and not (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            return None
        error_log.error(
            "database unavailable", extra={"path": request.path, "error": str(exception)}
        )
        if errors.is_api(request):
            response = errors.api_error(503, texts.UNAVAILABLE)
        else:
            response = SimpleTemplateResponse("503.html", status=503).render()
        response._has_been_logged = True  # logged above; django.request would repeat it
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
