"""Persistent database connections (CONN_MAX_AGE with CONN_HEALTH_CHECKS):
one the server ended is replaced before the next request's first query, so
the reader still gets the page."""

import select
import time

import psycopg
import pytest
from django.core.signals import request_started
from django.db import connection

from tests.factories import make_article


def _terminate(backend_pid):
    """End the backend from another connection, as a restart or an
    administrator would, and wait until its client can tell."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    poller = select.poll()
    poller.register(connection.connection.pgconn.socket, select.POLLIN)
    deadline = time.monotonic() + 10
    while not poller.poll(100):
        assert time.monotonic() < deadline, "the ended connection never became readable"


@pytest.fixture
def persistent_connection(monkeypatch):
    """The connection kept between requests and checked before reuse, as
    production settings have it, whatever the test run's settings say: a
    connection closed at every request would pass without the check."""
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.ensure_connection()
    yield connection.connection.info.backend_pid
    connection.close()


def _next_request(client, path):
    request_started.send(sender=None)  # what gunicorn's next request does first
    return client.get(path)


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_serves_the_next_request(client, persistent_connection):
    article = make_article()

    response = _next_request(client, article.get_absolute_url())

    assert response.status_code == 200
    assert connection.connection.info.backend_pid == persistent_connection


@pytest.mark.django_db(transaction=True)
def test_a_page_answers_after_the_server_ended_the_connection(client, persistent_connection):
    article = make_article()
    _terminate(persistent_connection)

    response = _next_request(client, article.get_absolute_url())

    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert connection.connection.info.backend_pid != persistent_connection
