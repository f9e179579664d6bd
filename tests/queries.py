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


def rows_examined(sql, table):
    """Rows of `table` that the SELECT `sql` (as executed, parameters in it)
    reads, from EXPLAIN ANALYZE: the rows its scans return plus those their
    filters and rechecks throw away, over every loop. A query whose cost grows
    with the table reads the table; one that reads an index range does not."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0]["Plan"] if isinstance(plan, list) else plan
    return _examined(plan, table)


def _examined(node, table):
    own = 0
    if node.get("Relation Name") == table and "Actual Rows" in node:
        kept = node["Actual Rows"]
        dropped = node.get("Rows Removed by Filter", 0) + node.get(
            "Rows Removed by Index Recheck", 0
        )
        own = (kept + dropped) * node.get("Actual Loops", 1)
    return own + sum(_examined(child, table) for child in node.get("Plans", ()))


def most_rows_examined(call, table):
    """(the most rows of `table` any one SELECT of `call()` reads, result)."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    return max((rows_examined(sql, table) for sql in selects), default=0), result
