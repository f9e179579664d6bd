"""Page-cache hits answered before Django builds a request.

Most requests for a public page are plain: a GET without cookies, a body or
a condition, for a page this process holds fresh. Answering one through
Django costs a request object, the handler's signals and five layers of
middleware around a dictionary look-up. HitLayer wraps the WSGI application
and answers such a request itself, from the same per-process copy
(store.local_page), with the same headers, log line and metrics as
CachedPageMiddleware would; anything else goes on to Django unchanged.

It never decides what a request means. CachedPageMiddleware teaches it
(`learn`): after Django has answered a plain request from the cache, the
request's URL as the server received it (scheme, host and forwarding
headers, script name, path and query string) is remembered with the page key
Django computed for it, the view's name and the path as logged. So only a
host Django accepted, a canonical query string and a path a public view
answered are ever answered here, and a page goes stale here exactly when it
does in the middleware: under the page generation this process knows
(generation.known_page_generation: no round trip), and before its timeout.
A condition (If-None-Match), a cookie (a session, a message to show), a
HEAD or a body sends the request to Django, which answers it as before.
"""

import logging
import time
from functools import cache

from django.conf import settings

from core.metrics import PAGE_CACHE, observe_request
from core.middleware import log_request

from . import store
from .front import known_cache_control
from .generation import known_page_generation

log = logging.getLogger(__name__)
MAX_LEARNED = 10_000  # URLs remembered per process; forgotten all at once past it
# Request headers that may change the answer: Django answers them.
_NOT_PLAIN = (
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_TRANSFER_ENCODING",
)
# What Django reads to build a request's scheme, host and path; the
# forwarding headers only where its settings trust them (`_url_parts`), or a
# script could make a new URL of each value Django ignores.
_URL_PARTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
)
_learned: dict[tuple, tuple[str, str, str]] = {}  # URL parts -> (page key, view name, path)
_HIT = PAGE_CACHE.labels("hit")


def _plain(environ):
    return (
        environ.get("REQUEST_METHOD") == "GET"
        and environ.get("CONTENT_LENGTH") in (None, "", "0")
        and not any(environ.get(name) for name in _NOT_PLAIN)
    )


def _url(environ):
    return tuple(map(environ.get, _url_parts()))


def _url_parts():
    return _trusted_parts(
        settings.SECURE_PROXY_SSL_HEADER,
        settings.USE_X_FORWARDED_HOST,
        settings.USE_X_FORWARDED_PORT,
    )


@cache
def _trusted_parts(proxy_ssl_header, forwarded_host, forwarded_port):
    return (
        *_URL_PARTS,
        *([proxy_ssl_header[0]] if proxy_ssl_header else []),
        *(["HTTP_X_FORWARDED_HOST"] if forwarded_host else []),
        *(["HTTP_X_FORWARDED_PORT"] if forwarded_port else []),
    )


def learn(request, key, view):
    """Remember that `request`, answered by Django from the page cache under
    `key` for the view named `view`, may be answered here next time, when it
    was plain (no cookie, body, condition, other method)."""
    environ = request.environ
    if not _plain(environ):
        return
    if len(_learned) >= MAX_LEARNED:
        _learned.clear()  # a script making up search URLs cannot grow the process
    _learned[_url(environ)] = (key, view, request.path)


def forget():
    """Forget every URL learned (tests)."""
    _learned.clear()


class HitLayer:
    """WSGI middleware: answers the plain requests for pages this process
    holds fresh (see the module docstring), passes every other to `application`."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        if _learned and _plain(environ):
            known = _learned.get(_url(environ))
            if known is not None:
                try:
                    answer = _answer(known)
                except Exception:
                    log.warning("page cache hit left to Django", exc_info=True)
                    answer = None
                if answer is not None:
                    headers, content = answer
                    start_response("200 OK", headers)
                    _count(known, started, len(content))
                    return [content]
        return self.application(environ, start_response)


def _answer(known):
    """(headers, body) of the page named by `known`, or None when Django must
    answer: the page is not held fresh, or serving it would need a look-up."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    generation = known_page_generation()
    if generation is None:
        return None
    page = store.local_page(known[0], generation)
    if page is None:
        return None
    cache_control = known_cache_control(generation, page.fresh_until)
    if cache_control is None:
        return None
    headers = [*page.fixed_headers, (store.STATUS_HEADER, "hit"), ("Cache-Control", cache_control)]
    return headers, page.content


def _count(known, started, size):
    _, view, path = known
    _HIT.inc()
    observe_request(view, time.perf_counter() - started)
    log_request(method="GET", path=path, status=200, started=started, size=size)
