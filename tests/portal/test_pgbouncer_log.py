"""The stack's PgBouncer (wholestack.backends.pgbouncer) keeps answering
however much it logs: it logs two lines per connection, and when its log
also went to a pipe nobody read, it stopped once the pipe was full, and
every app server behind it with it."""

import psycopg
import pytest

from tests.servers import postgres_url
from wholestack.backends import pgbouncer

pytestmark = pytest.mark.system

# Their log lines fill a pipe's 64 KiB several times over.
CONNECTIONS = 1500


def test_pgbouncer_answers_after_logging_many_connections():
    with pgbouncer(postgres_url()) as pooled:
        for _ in range(CONNECTIONS):
            with psycopg.connect(pooled, connect_timeout=10) as connection:
                assert connection.execute("SELECT 1").fetchone() == (1,)
