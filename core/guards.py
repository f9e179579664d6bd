"""Middleware that refuses malformed requests before any view reads them,
with the portal's 400 (core/errors.py: JSON for the API, the
Vietnamese page otherwise), logged as one WARNING line without a traceback:
what a client sends wrong is not a server error.

- RequestBodyMiddleware: a POST body over DATA_UPLOAD_MAX_MEMORY_SIZE, with
  more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields or DATA_UPLOAD_MAX_NUMBER_FILES
  files, or broken multipart. Django raises these lazily, wherever the body
  is first read (the CSRF check, a view), and logs them at ERROR with a
  traceback; read once here, they are answered in one place.
- AdminQueryMiddleware: admin query strings that would reach the database or
  the calendar unchecked: a NUL character in any parameter (PostgreSQL
  refuses NUL in text, for every filter of every ModelAdmin), and date
  hierarchy parts (`<field>__year`, `__month`, `__day`) outside the dates
  Python and the database can hold (a year like 99999999999, or 9999, whose
  next year does not exist).
"""

import datetime
import functools
import logging

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse

from . import errors

logger = logging.getLogger("vpcp.bad_request")

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
# Inclusive bounds per date part; a year's whole range (and the next year,
# which the admin uses as the end) must exist in every time zone.
DATE_PARTS = {
    "__year": (datetime.MINYEAR + 1, datetime.MAXYEAR - 1),
    "__month": (1, 12),
    "__day": (1, 31),
}


def _refuse(request, reason):
    logger.warning("bad request", extra={"path": request.path, "reason": reason})
    return errors.bad_request(request)


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                if request.content_type in FORM_TYPES:
                    request.POST  # noqa: B018 - parsed once, here, within the limits
                else:
                    request.body  # noqa: B018 - the size limit is checked on reading
            except (SuspiciousOperation, MultiPartParserError, BadRequest) as exc:
                # SuspiciousOperation: RequestDataTooBig, TooManyFieldsSent,
                # TooManyFilesSent; BadRequest: a form body not in UTF-8.
                return _refuse(request, type(exc).__name__)
        return self.get_response(request)


@functools.cache
def _admin_prefix():
    return reverse("admin:index")


def admin_query_problem(query):
    """Why an admin query string (a QueryDict) must be refused, or None."""
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return "NUL in the query"
        for suffix, (low, high) in DATE_PARTS.items():
            if key.endswith(suffix) and not all(_int_between(v, low, high) for v in values):
                return f"date part {key} out of range"
    return None


def _int_between(value, low, high):
    value = value.strip()
    return value.isascii() and value.isdigit() and low <= int(value) <= high


class AdminQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(_admin_prefix()):
            problem = admin_query_problem(request.GET)
            if problem:
                return _refuse(request, problem)
        return self.get_response(request)
