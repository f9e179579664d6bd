"""The few statements of the vote path written as SQL, not built by the ORM.

A vote is CPU-bound in Python: building a queryset (filters, aggregates,
F() updates) cost more than the round trip it sends, about two thirds of a
vote's CPU (cProfile of the vote API, 2026-11-30). Their SQL text is made
once per process (functools.cache) from the models' table and column names,
or by the ORM itself for a queryset that holds a rule (Compiled), and run
with parameters; PostgreSQL and SQLite (3.35+, for RETURNING and FILTER) read
it alike. Everything else keeps the ORM.
"""

from datetime import UTC, datetime
from functools import cache

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime


@cache
def quote(name: str) -> str:
    """A table or column name quoted for the database."""
    return connection.ops.quote_name(name)


def fetch_one(sql: str, params) -> tuple | None:
    """The first row of a statement's result, or None."""
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


class Compiled:
    """A queryset's SQL, built by the ORM once per process and then run with
    other values: for a hot read whose rule lives in a queryset (e.g.
    Article.objects.published()), so the rule keeps one place and the vote
    does not pay for building it each time.

    `build(**placeholders)` returns the queryset; each placeholder value
    (an int, a string or a datetime unlikely to occur otherwise) marks where
    run(**values) puts the real value."""

    def __init__(self, build, **placeholders):
        self.build = build
        self.placeholders = placeholders
        self.compiled = None

    def _compile(self):
        sql, params = self.build(**self.placeholders).query.sql_with_params()
        names = {}
        for name, value in self.placeholders.items():
            names[value] = name
            if isinstance(value, datetime):
                names[to_db(value)] = name
        slots = [names.get(param) for param in params]
        missing = set(self.placeholders) - set(slots)
        if missing:
            raise ValueError(f"placeholders not in the SQL: {sorted(missing)}")
        return sql, list(params), slots

    def run(self, **values) -> tuple | None:
        """The first row of the query with these values, or None."""
        if self.compiled is None:
            self.compiled = self._compile()
        sql, params, slots = self.compiled
        params = [
            param if slot is None else _as_param(values[slot])
            for param, slot in zip(params, slots, strict=True)
        ]
        return fetch_one(sql, params)


def _as_param(value):
    return to_db(value) if isinstance(value, datetime) else value
