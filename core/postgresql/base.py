"""Django's PostgreSQL backend (ENGINE "core.postgresql"), with a cheaper
health check.

With CONN_HEALTH_CHECKS, Django checks a persistent connection once per
request, before its first query, by sending `SELECT 1`: a round trip and a
statement of PostgreSQL's CPU on every request that touches the database,
one in seven of a vote's. A server that ends a connection (a restart,
`pg_terminate_backend`, PgBouncer stopping, an idle timeout) says so on the
socket: it sends its last message and closes, and the socket becomes
readable. A connection whose socket has nothing to read, and that psycopg
has not marked broken, is taken as usable without a query; one that has
something to read gets Django's own check.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        """False for a closed or broken connection; True, without a query, for
        an open one the server has sent nothing on since its last answer;
        otherwise Django's check (`SELECT 1`)."""
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if not _has_input(connection.pgconn.socket):
            return True
        return super().is_usable()


def _has_input(fd: int) -> bool:
    """Whether the socket `fd` can be read without waiting (data, or the end
    of the connection)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))
