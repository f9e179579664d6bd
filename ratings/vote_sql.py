"""The writes of one vote as SQL statements written out once per process
(see ratings.rawsql), for services.voting: lock the summary of the article
if it is public, then store the vote and add it to the summary.

On PostgreSQL the vote and the summary's change are one statement (a
data-modifying WITH): `INSERT ... ON CONFLICT (article_id, voter_token) DO
NOTHING` then the UPDATE only if a row was inserted, so a second vote of one
browser changes nothing and leaves the transaction usable (the captcha used
up in it stays used up). SQLite (`make run`) has no data-modifying WITH: the
same two statements are sent one after the other.

Values are always parameters, named (`%(name)s`) so that no statement
depends on the order of its placeholders.
"""

from datetime import datetime
from functools import cache

from django.db import connection
from django.db.models import Q, UniqueConstraint
from django.utils import timezone

from articles.models import Article
from articles.visibility import PUBLIC

from .models import RatingSummary, Vote
from .rawsql import column, fetch_one, from_db, quote, table

# The constraint a second vote of one browser on one article runs into.
ONE_VOTE_PER_VOTER = "rating_vote_one_per_voter"


def lock_summary(article_id: int) -> bool:
    """Lock the summary row of a public article (SELECT ... FOR UPDATE of the
    summary), making it first if the article has none
    (RatingSummaryQuerySet.lock()); False, with nothing locked or made, if
    the article is not public now (articles.visibility.PUBLIC, the rule of
    Article.objects.published()). The common case is one statement. Call
    inside a transaction."""
    now = timezone.now()
    if fetch_one(_lock_public_sql(), _lock_public_params(article_id, now)) is not None:
        return True
    # An article's first vote, or an article that is not public.
    if not Article.objects.published(now=now).filter(pk=article_id).exists():
        return False
    RatingSummary.objects.lock([article_id], create=True)
    return True


@cache
def _lock_public_sql() -> str:
    """The summary row of article %(article)s, locked, if the article is
    public: PUBLIC's status (%(status)s) and its comparison of
    `published_at` with %(now)s, the operator being the database's own for
    PUBLIC's lookup. Raises ValueError if the rule has grown conditions this
    statement does not carry, rather than letting the two drift apart."""
    now = timezone.now()
    carried = Q(status=PUBLIC.status, **{f"published_at__{PUBLIC.lookup}": now})
    if PUBLIC.q(now) != carried:
        raise ValueError(
            f"articles.visibility.PUBLIC is {PUBLIC.q(now)}; vote_sql carries {carried}"
        )
    summary_key = column(RatingSummary, "article")
    compare = connection.operators[PUBLIC.lookup] % "%(now)s"
    lock = ""
    if connection.features.has_select_for_update_of:
        lock = f" FOR UPDATE OF {table(RatingSummary)}"
    elif connection.features.has_select_for_update:
        lock = " FOR UPDATE"
    return (
        f"SELECT {summary_key} FROM {table(RatingSummary)} "  # noqa: S608 (names, not input)
        f"WHERE {summary_key} = %(article)s AND EXISTS ("
        f"SELECT 1 FROM {table(Article)} WHERE {quote(Article._meta.pk.column)} = %(article)s "
        f"AND {column(Article, 'status')} = %(status)s "
        f"AND {column(Article, 'published_at')} {compare}){lock}"
    )


def _lock_public_params(article_id: int, now: datetime) -> dict:
    fields = Article._meta
    return {
        "article": article_id,
        "status": fields.get_field("status").get_db_prep_value(PUBLIC.status, connection),
        "now": fields.get_field("published_at").get_db_prep_value(now, connection),
    }


def store_vote(
    vote: dict, changes: dict, now: datetime, *, one_statement: bool | None = None
) -> tuple[int, RatingSummary] | None:
    """Insert a vote unless its voter token has one on the article (constraint
    rating_vote_one_per_voter), and add `changes` to the article's summary.

    vote: the Vote's field values by attribute name (a field left out takes
        its default). changes: {summary field: amount to add}, e.g.
        {"count": 1, "total": 4, "count_4": 1}, or {"held": 1}.
    now: the summary's updated_at. one_statement: default True on
        PostgreSQL, False elsewhere.

    Returns (the vote's id, the summary as stored now), or None for a second
    vote (nothing written). Call with the summary locked (lock_summary()).
    Any other constraint raises IntegrityError; a name in `changes` that is
    not a summary field raises FieldDoesNotExist."""
    names = tuple(sorted(changes))
    vote_params = _vote_params(vote)
    summary_params = {
        **{f"add_{name}": changes[name] for name in names},
        "updated_at": RatingSummary._meta.get_field("updated_at").get_db_prep_value(
            now, connection
        ),
        "article": vote["article_id"],
    }
    if one_statement is None:
        one_statement = connection.vendor == "postgresql"
    if one_statement:
        row = fetch_one(_insert_and_update_sql(names), {**vote_params, **summary_params})
    else:
        row = fetch_one(_insert_sql(), vote_params)
        if row is not None:
            updated = fetch_one(_update_sql(names), summary_params)
            row = None if updated is None else (*row, *updated)
    if row is None or row[0] is None:
        return None
    summary = RatingSummary(**dict(zip(_summary_attnames(), row[1:], strict=True)))
    summary.updated_at = from_db(summary.updated_at)
    summary._state.adding = False
    summary._state.db = connection.alias
    return row[0], summary


@cache
def _vote_fields() -> tuple:
    """The Vote fields an INSERT gives values to (all but the primary key)."""
    return tuple(field for field in Vote._meta.concrete_fields if not field.primary_key)


def _vote_params(vote: dict) -> dict:
    """{"vote_<attname>": the value as the database takes it} for the INSERT."""
    return {
        f"vote_{field.attname}": field.get_db_prep_save(
            vote[field.attname] if field.attname in vote else field.get_default(), connection
        )
        for field in _vote_fields()
    }


@cache
def _insert_sql() -> str:
    """INSERT the vote, nothing on a second vote of its voter token;
    RETURNING the vote's id."""
    fields = _vote_fields()
    (one_per_voter,) = [
        c
        for c in Vote._meta.constraints
        if isinstance(c, UniqueConstraint) and c.name == ONE_VOTE_PER_VOTER
    ]
    conflict = ", ".join(column(Vote, name) for name in one_per_voter.fields)
    return (
        f"INSERT INTO {table(Vote)} "  # noqa: S608 (names, not input)
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(f'%(vote_{field.attname})s' for field in fields)}) "
        f"ON CONFLICT ({conflict}) DO NOTHING "
        f"RETURNING {quote(Vote._meta.pk.column)}"
    )


@cache
def _summary_attnames() -> tuple[str, ...]:
    return tuple(field.attname for field in RatingSummary._meta.concrete_fields)


@cache
def _update_sql(names: tuple[str, ...], *, only_after_insert: bool = False) -> str:
    """UPDATE the summary of article %(article)s: add %(add_<name>)s to each
    field of `names`, set updated_at; RETURNING every summary column in
    _summary_attnames() order, first the new vote's id if `only_after_insert`
    (then the row changes only if the WITH's INSERT stored a vote)."""
    summary_key = column(RatingSummary, "article")
    additions = ", ".join(
        f"{column(RatingSummary, name)} = {column(RatingSummary, name)} + %(add_{name})s"
        for name in names
    )
    returned = [quote(field.column) for field in RatingSummary._meta.concrete_fields]
    condition = ""
    if only_after_insert:
        condition = " AND EXISTS (SELECT 1 FROM new_vote)"
        new_id = f"(SELECT {quote(Vote._meta.pk.column)} FROM new_vote)"  # noqa: S608 (a name)
        returned.insert(0, new_id)
    return (
        f"UPDATE {table(RatingSummary)} "  # noqa: S608 (names, not input)
        f"SET {additions}, {column(RatingSummary, 'updated_at')} = %(updated_at)s "
        f"WHERE {summary_key} = %(article)s{condition} "
        f"RETURNING {', '.join(returned)}"
    )


@cache
def _insert_and_update_sql(names: tuple[str, ...]) -> str:
    """The INSERT and the UPDATE in one statement (PostgreSQL): the UPDATE
    runs only if the INSERT stored a row, and returns its id first."""
    return f"WITH new_vote AS ({_insert_sql()}) {_update_sql(names, only_after_insert=True)}"
