"""Query rules of the ratings tables."""

from datetime import timedelta
from functools import cache

from django.apps import apps
from django.db import connection, connections, models
from django.db.models import Sum
from django.utils import timezone

from . import rawsql


class VoteQuerySet(models.QuerySet):
    def visible(self):
        """Votes that count in the shown average."""
        return self.filter(state="visible")

    def held(self):
        """Votes stored but waiting for a moderator: they do not count yet."""
        return self.filter(state="held")

    def hidden(self):
        return self.filter(state="hidden")

    def flagged(self):
        """Votes in a burst (VoteBurst): what moderators review."""
        return self.filter(burst__isnull=False)

    def unflagged(self):
        return self.filter(burst__isnull=True)

    def from_network(self, article_id, network_hash, since):
        """Votes on one article from one network since a time (index
        rating_vote_net_idx)."""
        return self.filter(article_id=article_id, network_hash=network_hash, created_at__gte=since)

    def from_address(self, article_id, ip_hash, since):
        """Votes on one article from one IP address since a time (index
        rating_vote_ip_idx)."""
        return self.filter(article_id=article_id, ip_hash=ip_hash, created_at__gte=since)

    def by_voter(self, article, token):
        """The vote of one browser (its voter token) on one article, if any
        (constraint rating_vote_one_per_voter)."""
        return self.filter(article=article, voter_token=token)

    def create_unless_voted(self, **fields):
        """Insert a vote unless this voter token has one on the article:
        `INSERT ... ON CONFLICT (article_id, voter_token) DO NOTHING RETURNING
        id`, one statement that leaves the transaction usable (a failed plain
        INSERT would abort it, and the captcha used up in the same transaction
        with it). Returns the Vote, or None for a second vote (constraint
        rating_vote_one_per_voter). Any other constraint raises IntegrityError.
        PostgreSQL and SQLite (3.35+) both read this SQL."""
        vote = self.model(**fields)
        connection = connections[self.db]
        sql, columns = _insert_unless_voted_sql(self.model._meta.label_lower, connection.alias)
        values = [f.get_db_prep_save(f.pre_save(vote, True), connection) for f in columns]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        if row is None:
            return None
        vote.pk = row[0]
        vote._state.adding = False
        vote._state.db = self.db
        return vote

    def with_hashes_older_than(self, days, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(created_at__lt=cutoff).exclude(
            ip_hash="", network_hash="", user_agent_hash=""
        )

    def histograms(self):
        """{article_id: {score: count}} of these votes, in one query."""
        result: dict[int, dict[int, int]] = {}
        rows = self.order_by().values_list("article_id", "score").annotate(n=models.Count("pk"))
        for article_id, score, n in rows:
            result.setdefault(article_id, {})[score] = n
        return result


class RatingSummaryQuerySet(models.QuerySet):
    def lock(self, article_ids, create=False):
        """Lock the summary rows of these articles with one SELECT ... FOR
        UPDATE in primary-key order, so that two writers cannot deadlock.
        Returns {article_id: RatingSummary}. Call inside a transaction.

        With `create`, missing rows are made first, then locked with the
        others in that one ordered SELECT: locking the existing rows first and
        the new ones after could take a lower key after a higher one."""
        article_ids = sorted(set(article_ids))
        if not article_ids:
            return {}
        if create and len(article_ids) == 1:
            # A vote: locking one row before knowing whether it exists holds
            # nothing out of order, and all but an article's first vote then
            # cost this single query.
            summaries = self._locked(article_ids)
            if summaries:
                return summaries
        if create:
            self._create_missing(article_ids)
        return self._locked(article_ids)

    def lock_one(self, article_id):
        """lock([article_id], create=True) for one vote, cheaply: the common
        case (the row exists) is one short SQL statement (ratings.rawsql)
        that locks the row and reads nothing. Call inside a transaction."""
        if rawsql.fetch_one(_lock_one_sql(self.model._meta.label_lower), [article_id]) is None:
            self.lock([article_id], create=True)

    def add_to(self, article_id, fields, now):
        """Add `fields` ({name: n}, e.g. {"count": 1, "total": 4, "count_4": 1}
        or {"held": 1}) to an article's summary, in one UPDATE ... RETURNING
        (ratings.rawsql); returns the summary as stored now. Call with the
        row locked (lock_one())."""
        names = tuple(sorted(fields))
        sql, attnames = _add_sql(self.model._meta.label_lower, names)
        row = rawsql.fetch_one(
            sql, [*(fields[name] for name in names), rawsql.to_db(now), article_id]
        )
        if row is None:  # no summary: lock_one() makes it
            raise self.model.DoesNotExist(f"no rating summary for article {article_id}")
        summary = self.model(**dict(zip(attnames, row, strict=True)))
        summary.updated_at = rawsql.from_db(summary.updated_at)
        summary._state.adding = False
        summary._state.db = self.db
        return summary

    def _locked(self, article_ids):
        rows = self.select_for_update().filter(pk__in=article_ids).order_by("pk")
        return {summary.pk: summary for summary in rows}

    def _create_missing(self, article_ids):
        existing = set(self.filter(pk__in=article_ids).values_list("pk", flat=True))
        missing = [pk for pk in article_ids if pk not in existing]
        if missing:
            # Another writer may make the same rows meanwhile: theirs are kept.
            self.bulk_create([self.model(article_id=pk) for pk in missing], ignore_conflicts=True)

    def portal_mean(self):
        """Mean score of all visible votes on the portal (None without votes),
        read from the summaries: one cheap aggregate."""
        totals = self.aggregate(total=Sum("total"), count=Sum("count"))
        if not totals["count"]:
            return None
        return totals["total"] / totals["count"]


@cache
def _lock_one_sql(label):
    model = apps.get_model(label)
    table = rawsql.quote(model._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return f"SELECT 1 FROM {table} WHERE article_id = %s{lock}"  # noqa: S608 (names, not input)


@cache
def _add_sql(label, names):
    """(SQL, attribute names of the returned columns) of add_to()."""
    model = apps.get_model(label)
    columns = [field.column for field in model._meta.concrete_fields]
    changes = ", ".join(f"{rawsql.quote(n)} = {rawsql.quote(n)} + %s" for n in names)
    sql = (
        f"UPDATE {rawsql.quote(model._meta.db_table)} "  # noqa: S608 (names, not input)
        f"SET {changes}, updated_at = %s WHERE article_id = %s "
        f"RETURNING {', '.join(rawsql.quote(c) for c in columns)}"
    )
    return sql, tuple(field.attname for field in model._meta.concrete_fields)


@cache
def _insert_unless_voted_sql(label, alias):
    """(SQL, fields) of VoteQuerySet.create_unless_voted(), made once."""
    model = apps.get_model(label)
    quote = connections[alias].ops.quote_name
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 (names, not input)
        f"({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        "ON CONFLICT (article_id, voter_token) DO NOTHING RETURNING id"
    )
    return sql, columns
