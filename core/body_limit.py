"""Request bodies bounded before they are read: a body larger than the
limit is answered 413 (JSON on the API, the Vietnamese page elsewhere) from
its Content-Length, before a byte of it is read; a chunked body without a
length is read up to the limit and refused past it. Nothing of a refused
body is kept, and nothing of any anonymous body is written to disk.

The limit is PUBLIC_REQUEST_MAX_BYTES everywhere (the read beacon, votes,
the rating form, search, the admin's sign-in form), and Django's upload
limits (DATA_UPLOAD_MAX_MEMORY_SIZE, the lead image's size) only under the
admin for a signed-in staff session: an anonymous request never reaches the
upload handlers that spill large files to a temporary file, and its file
parts are kept in memory within the small limit.
"""

import io
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.urls import reverse

from . import errors

logger = logging.getLogger("vpcp.bad_request")
TOO_LARGE = "Dữ liệu gửi lên quá lớn"
READ_CHUNK = 64 * 1024


def too_large(request):
    """The 413 refusal: JSON for the API, the Vietnamese page otherwise."""
    logger.warning("body too large", extra={"path": request.path, "reason": "body too large"})
    if errors.is_api(request):
        return errors.api_error(413, TOO_LARGE)
    return render(request, "413.html", status=413)


def _staff_session(request):
    """Whether the request carries a signed-in session (one session look-up,
    made only for a large body sent to the admin)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return store.get(SESSION_KEY) is not None


def _limit(request, declared):
    """The most bytes this request's body may hold."""
    small = settings.PUBLIC_REQUEST_MAX_BYTES
    if declared <= small or not request.path.startswith(reverse("admin:index")):
        return small
    if _staff_session(request):
        return settings.STAFF_REQUEST_MAX_BYTES
    return small


def _read_chunked(request, limit):
    """Read a body sent without a length (chunked) up to `limit` + 1 bytes;
    None past the limit, else the request reads what was read."""
    source, read = request.META["wsgi.input"], io.BytesIO()
    while read.tell() <= limit:
        chunk = source.read(min(READ_CHUNK, limit + 1 - read.tell()))
        if not chunk:
            break
        read.write(chunk)
    if read.tell() > limit:
        return None
    size = read.tell()
    read.seek(0)
    request.META["CONTENT_LENGTH"] = str(size)
    # WSGIRequest made its stream from the (absent) length: replaced by what was read.
    request._stream = LimitedStream(read, size)
    return request


class BodyLimitMiddleware:
    """Refuse bodies over their limit (module docstring) before any layer reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read from the environ: request.headers would copy every header of
        # every request into a new mapping.
        environ = request.META
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = -1
        if declared < 0:
            logger.warning("bad request", extra={"path": request.path, "reason": "bad length"})
            return errors.bad_request(request)
        limit = _limit(request, declared)
        if declared > limit:
            return too_large(request)
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not declared and _read_chunked(request, limit) is None:
            return too_large(request)
        if limit == settings.PUBLIC_REQUEST_MAX_BYTES:
            # Within the small limit a file part stays in memory, never in a temporary file.
            request.upload_handlers = [MemoryFileUploadHandler(request)]
        return self.get_response(request)
