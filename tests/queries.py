"""Count the SQL queries of one call, for tests that compare a small and a
large case: a constant count shows no query runs per row."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(call):
    """(number of SQL queries, result) of `call()`, a call without arguments."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


def page_queries(client, url):
    """Queries of a GET of `url`, which must answer 200 (not a redirect to the
    login page or an error page, which would cost fewer queries)."""
    count, response = queries_of(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return count
