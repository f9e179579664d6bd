"""Persistent database connections (core/postgresql): a quiet connection is
reused without a health-check query, and one the server ended is replaced
before the next request's first query, so the reader still gets the page."""

import select
import time

import psycopg
import pytest
from django.core.signals import request_started
from django.db import connection

from tests.factories import make_article


def _last_statement_of(backend_pid):
    """What PostgreSQL says the backend `backend_pid` ran last, read over a
    connection of its own."""
    with psycopg.connect(**_connect_params(), autocommit=True) as other:
        row = other.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s", [backend_pid]
        ).fetchone()
    return row[0]


def _connect_params():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return params


def _terminate(backend_pid):
    """End the backend from another connection, as a restart or an
    administrator would, and wait until its client can tell."""
    with psycopg.connect(**_connect_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    poller = select.poll()
    poller.register(connection.connection.pgconn.socket, select.POLLIN)
    deadline = time.monotonic() + 10
    while not poller.poll(100):
        assert time.monotonic() < deadline, "the ended connection never became readable"


@pytest.mark.django_db
def test_a_quiet_connection_is_reused_without_a_health_check_query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the request before'")
    pid = connection.connection.info.backend_pid
    connection.health_check_done = False  # as at the start of a request

    connection.close_if_health_check_failed()

    assert connection.connection.info.backend_pid == pid
    assert connection.health_check_done
    assert _last_statement_of(pid) == "SELECT 'the request before'"


@pytest.mark.django_db(transaction=True)
def test_a_page_answers_after_the_server_ended_the_connection(client):
    article = make_article()
    connection.ensure_connection()
    ended = connection.connection.info.backend_pid
    _terminate(ended)

    request_started.send(sender=None)  # what gunicorn's next request does first
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert connection.connection.info.backend_pid != ended
