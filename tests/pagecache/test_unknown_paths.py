"""Unknown addresses cost a worker no memory that stays: 3,000 404s with
long slugs, asked for as a script would, through the WSGI handler a gunicorn
worker calls, leave the process's memory where it was (nothing remembers a
path that answered 404)."""

import gc
import io
import logging
import tracemalloc

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories import make_article, make_category

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

REQUESTS = 3000
SLUG = "tin-khong-co-" + "x" * 2000
# Bytes the process may hold more afterwards: the bounded caches' churn (a
# publish elsewhere re-renders the 404 page's fragments), never a path each
# (the 3,000 paths alone take 6 MiB; about 50 KiB stays per 1,000 requests).
KEPT_AT_MOST = 1024 * 1024
ROUTES = ["/bai-viet/{}/", "/chuyen-muc/{}/", "/chu-de/{}/", "/rss/{}/"]


def ask_unknown(handler, start, count):
    statuses = set()
    for n in range(start, start + count):
        environ = {
            "REQUEST_METHOD": "GET",
            "QUERY_STRING": "",
            "PATH_INFO": ROUTES[n % len(ROUTES)].format(f"{SLUG}-{n}"),
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "REMOTE_ADDR": "198.51.100.7",
            "HTTP_USER_AGENT": "Mozilla/5.0",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
        }
        response = handler(environ, lambda status, headers, *_: statuses.add(status[:3]))
        b"".join(response)
        response.close()
    return statuses


def test_three_thousand_404s_with_long_slugs_do_not_grow_a_workers_memory():
    make_category()
    make_article()
    handler = WSGIHandler()
    logging.disable(logging.CRITICAL)  # the test's log capture would keep every line
    # As Django's test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        assert ask_unknown(handler, 0, 200) == {"404"}  # warm: templates, patterns, caches
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        statuses = ask_unknown(handler, 200, REQUESTS)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        logging.disable(logging.NOTSET)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert statuses == {"404"}
    assert grown < KEPT_AT_MOST, f"{grown / 1024:.0f} KiB kept"
