"""Folding: the pending counts (buffer) into ReadCount rows in PostgreSQL."""

from datetime import UTC, datetime

from django.db import connection, transaction

from articles.models import Article

from .buffer import MemoryCounts, RedisCounts, pending_counts
from .models import ReadCount


def fold_pending_reads(*, store: RedisCounts | MemoryCounts | None = None) -> int:
    """Move the pending counts into ReadCount rows (one upsert per article and
    hour, in one transaction). Counts of articles that are no longer public
    are dropped.

    Args:
        store: where the counts wait (default: `buffer.pending_counts()`).

    Returns the number of reads folded. If the database write fails the
    counts go back to the store and the database error is raised; Redis
    errors are raised as they are.
    """
    store = store or pending_counts()
    counts = store.take()
    if not counts:
        return 0
    parsed = {}
    for field, n in counts.items():
        article_id, hour = (int(part) for part in field.split(":"))
        parsed[(article_id, hour)] = n
    public = set(
        Article.objects.published()
        .filter(pk__in={article_id for article_id, _ in parsed})
        .values_list("pk", flat=True)
    )
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (article_id, adapt(datetime.fromtimestamp(hour, UTC)), n)
        for (article_id, hour), n in parsed.items()
        if article_id in public
    ]
    try:
        _add_counts(rows)
    except Exception:
        store.put_back(counts)
        raise
    return sum(n for _, _, n in rows)


def _add_counts(rows):
    """One INSERT ... ON CONFLICT DO UPDATE adding each count to its row
    (PostgreSQL and SQLite; Django's bulk_create can only overwrite)."""
    if not rows:
        return
    table = connection.ops.quote_name(ReadCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (article_id, hour, count) VALUES {values} "  # noqa: S608
        f"ON CONFLICT (article_id, hour) DO UPDATE SET count = {table}.count + excluded.count"
    )
    params = [value for row in rows for value in row]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
