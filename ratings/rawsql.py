"""Helpers for the few statements of the vote path written as SQL rather
than built by the ORM (ratings.vote_sql, ratings.limits, ratings.captcha).

A vote is CPU-bound in Python, and building a queryset (filters,
aggregates, F() updates) costs more than the round trip it sends; so the
statements a vote runs are written out as text once per process
(functools.cache), with table and column names taken from the models'
`_meta` and every value passed as a parameter. PostgreSQL and SQLite (3.35+,
for RETURNING and FILTER) read them alike. Everything else keeps the ORM.
"""

from datetime import UTC, datetime
from functools import cache

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime


@cache
def quote(name: str) -> str:
    """A table or column name quoted for the database."""
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    """The model's table name, quoted."""
    return quote(model._meta.db_table)


def column(model: type[Model], field_name: str) -> str:
    """The column of the model's field `field_name` (a name such as
    "article", not its attname), quoted. Raises FieldDoesNotExist for a name
    the model lacks, TypeError for a relation seen from its other side."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{field_name} has no column")
    return quote(field.column)


def fetch_one(sql: str, params) -> tuple | None:
    """The first row of a statement's result, or None. `params`: a sequence
    for `%s` placeholders, or a dict for `%(name)s` ones."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def to_db(value: datetime):
    """A datetime as the database driver takes it (SQLite: naive UTC text,
    as the ORM stores it)."""
    return connection.ops.adapt_datetimefield_value(value)


def from_db(value) -> datetime | None:
    """A datetime read by a raw cursor, aware (raw cursors skip the ORM's
    converters: SQLite hands back naive UTC text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
