"""The writes of one vote, as SQL made once per process (ratings.rawsql), for
services.voting: lock the summary of the article if it is public, then store
the vote and add it to the summary.

On PostgreSQL the vote and the summary's change are one statement (a
data-modifying WITH): `INSERT ... ON CONFLICT (article_id, voter_token) DO
NOTHING` then the UPDATE only if a row was inserted, so a second vote of one
browser changes nothing and leaves the transaction usable (the captcha used
up in it stays used up). SQLite (`make run`) has no data-modifying WITH: the
same two statements are sent one after the other.
"""

from datetime import UTC, datetime
from functools import cache

from django.db import connection
from django.utils import timezone

from articles.models import Article

from . import rawsql
from .models import RatingSummary, Vote


def lock_summary(article_id: int) -> bool:
    """Lock the summary row of a public article (SELECT ... FOR UPDATE OF the
    summary), making it first if the article has none
    (RatingSummaryQuerySet.lock()); False, with nothing locked or made, if
    the article is not public now (Article.objects.published()). The common
    case is one statement. Call inside a transaction."""
    now = timezone.now()
    if _LOCK_PUBLIC.run(pk=article_id, now=now) is not None:
        return True
    # An article's first vote, or an article that is not public.
    if not Article.objects.published(now=now).filter(pk=article_id).exists():
        return False
    RatingSummary.objects.lock([article_id], create=True)
    return True


# The summary row, locked, if its article is public; built by the ORM once,
# so the visibility rule stays in Article.objects.published().
_LOCK_PUBLIC = rawsql.Compiled(
    lambda pk, now: (
        RatingSummary.objects.select_for_update(of=("self",))
        .filter(article_id=pk, article__in=Article.objects.published(now=now))
        .order_by()  # the default ordering would join the article table
        .values_list("pk")
    ),
    pk=-7_770_001,
    now=datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC),
)


def store_vote(
    vote: dict, changes: dict, now, *, one_statement: bool | None = None
) -> tuple[int, RatingSummary] | None:
    """Insert a vote unless its voter token has one on the article (constraint
    rating_vote_one_per_voter), and add `changes` ({field: n}, e.g.
    {"count": 1, "total": 4, "count_4": 1}, or {"held": 1}) to the article's
    summary. Returns (the vote's id, the summary as stored now), or None for
    a second vote (nothing written). Call with the summary locked
    (lock_summary()). `vote`: the Vote's field values by attribute name;
    `now`: the summary's updated_at; `one_statement`: default True on
    PostgreSQL, False elsewhere. Any other constraint raises IntegrityError."""
    names = tuple(sorted(changes))
    insert, columns = _insert_sql()
    vote_params = [
        field.get_db_prep_save(
            vote[field.attname] if field.attname in vote else field.get_default(), connection
        )
        for field in columns
    ]
    update, attnames = _update_sql(names)
    update_params = [*(changes[name] for name in names), rawsql.to_db(now), vote["article_id"]]
    if one_statement is None:
        one_statement = connection.vendor == "postgresql"
    if one_statement:
        row = rawsql.fetch_one(_both_sql(names), [*vote_params, *update_params])
    else:
        row = rawsql.fetch_one(insert, vote_params)
        if row is not None:
            updated = rawsql.fetch_one(update, update_params)
            row = None if updated is None else (*row, *updated)
    if row is None or row[0] is None:
        return None
    summary = RatingSummary(**dict(zip(attnames, row[1:], strict=True)))
    summary.updated_at = rawsql.from_db(summary.updated_at)
    summary._state.adding = False
    summary._state.db = connection.alias
    return row[0], summary


@cache
def _insert_sql():
    """(INSERT ... RETURNING id, the Vote fields of its values in order)."""
    fields = [f for f in Vote._meta.concrete_fields if not f.primary_key]
    sql = (
        f"INSERT INTO {rawsql.quote(Vote._meta.db_table)} "  # noqa: S608 (names, not input)
        f"({', '.join(rawsql.quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        "ON CONFLICT (article_id, voter_token) DO NOTHING RETURNING id"
    )
    return sql, fields


@cache
def _update_sql(names, condition=""):
    """(UPDATE ... RETURNING the summary, the attribute names returned)."""
    fields = RatingSummary._meta.concrete_fields
    changes = ", ".join(f"{rawsql.quote(n)} = {rawsql.quote(n)} + %s" for n in names)
    sql = (
        f"UPDATE {rawsql.quote(RatingSummary._meta.db_table)} "  # noqa: S608 (names, not input)
        f"SET {changes}, updated_at = %s WHERE article_id = %s{condition} "
        f"RETURNING {', '.join(rawsql.quote(f.column) for f in fields)}"
    )
    return sql, tuple(f.attname for f in fields)


@cache
def _both_sql(names):
    """The INSERT and the UPDATE in one statement (PostgreSQL); the UPDATE
    runs only if the INSERT stored a row, and returns its id first."""
    insert, _ = _insert_sql()
    update, _ = _update_sql(names, " AND EXISTS (SELECT 1 FROM new_vote)")
    update = update.replace(" RETURNING ", " RETURNING (SELECT id FROM new_vote), ", 1)
    return f"WITH new_vote AS ({insert}) {update}"
