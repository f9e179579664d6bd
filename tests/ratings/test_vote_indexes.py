"""The vote table's indexes: each one costs every vote a write, so it keeps
only those its queries need, and those queries still read index ranges, not
the table (EXPLAIN ANALYZE, tests/queries.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ratings.models import Vote
from tests.factories import make_article
from tests.queries import most_rows_examined

pytestmark = pytest.mark.django_db

TABLE = Vote._meta.db_table
TARGET = "f" * 64  # the network a burst check looks at


@pytest.fixture
def busy_hour():
    """A busy article: 3,000 votes in the last hour from 100 other networks,
    1,000 more on another article; the target network cast 10 of its votes
    on the busy article and 5 on a third one. Returns the three articles."""
    busy, other, third = make_article(), make_article(), make_article()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLE} (article_id, score, created_at, ip_hash, network_hash,
                                 user_agent_hash, voter_token, state)
            SELECT CASE WHEN n <= 3000 THEN %(busy)s ELSE %(other)s END, 1 + n %% 5,
                   now() - n * interval '900 milliseconds', md5('ip' || n),
                   md5('net' || n %% 100) || md5('net' || n %% 100), '', 'busy-' || n,
                   'visible'
            FROM generate_series(1, 4000) AS n
            UNION ALL
            SELECT CASE WHEN n <= 10 THEN %(busy)s ELSE %(third)s END, 5,
                   now() - n * interval '1 minute', md5('target' || n), %(target)s, '',
                   'target-' || n, 'visible'
            FROM generate_series(1, 15) AS n
            """,
            {"busy": busy.pk, "other": other.pk, "third": third.pk, "target": TARGET},
        )
        cursor.execute(f"ANALYZE {TABLE}")
    return busy, other, third


def test_a_burst_check_reads_only_the_network_s_own_recent_votes(busy_hour):
    busy, _, _ = busy_hour
    since = timezone.now() - timedelta(hours=1)

    read, votes = most_rows_examined(
        lambda: list(Vote.objects.from_network(busy.pk, TARGET, since)), TABLE
    )

    assert len(votes) == 10
    assert {vote.network_hash for vote in votes} == {TARGET}
    # The network's 15 recent votes at most, not the busy article's 3,010.
    assert read <= 15


def test_an_article_s_votes_are_read_without_the_other_articles_votes(busy_hour):
    _, _, third = busy_hour

    read, votes = most_rows_examined(lambda: list(Vote.objects.filter(article=third)), TABLE)

    assert len(votes) == 5
    assert read == 5  # not the 4,015 of the table


def test_the_vote_table_keeps_only_the_indexes_its_queries_need():
    """The unconditional indexes of the table: a new one makes every vote
    slower and the table larger, and belongs here only with its query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND i.indpred IS NULL",
            [TABLE],
        )
        names = {row[0] for row in cursor.fetchall()}

    assert names == {
        "ratings_vote_pkey",
        "rating_vote_one_per_voter",  # one vote per browser and article
        "rating_vote_article_idx",  # an article's votes, newest first
        "rating_vote_created_idx",  # the vote list and the hash purge
        "rating_vote_net_day_idx",  # the vote-time quotas and burst checks
        "ratings_vote_burst_id_98ea73b0",  # a burst's votes
        "ratings_vote_moderated_by_id_2433a884",  # a moderator's account deleted
    }
