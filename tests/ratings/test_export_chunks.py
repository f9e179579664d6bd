"""The vote CSV export reads in short chunks by id, never through a
server-side cursor, so it works behind PgBouncer in transaction mode
(the whole path through a real PgBouncer: tests/portal/test_pgbouncer.py)."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ratings.admin.export import CHUNK_SIZE, id_chunks, in_chunks
from ratings.models import Vote
from tests.factories import make_article
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db


def test_chunks_keep_the_lists_order_across_chunk_boundaries(article):
    make_votes(article, [1, 2, 3, 4, 5])
    ordered = Vote.objects.order_by("score", "pk")

    votes = list(in_chunks(ordered, size=2))

    assert [vote.score for vote in votes] == [1, 2, 3, 4, 5]
    assert votes[0].article.title == article.title


def test_a_vote_deleted_while_exporting_is_left_out_not_an_error(article):
    make_votes(article, [1, 2, 3])
    chunks = in_chunks(Vote.objects.order_by("score", "pk"), size=1)

    first = next(chunks)
    Vote.objects.filter(score=2).delete()

    assert [first.score, *(vote.score for vote in chunks)] == [1, 3]


def test_the_export_asks_for_no_server_side_cursor(moderator_client, article, monkeypatch):
    make_votes(article, [5, 4, 3])
    make_votes(make_article(), [1])
    # Django declares a server-side cursor through chunked_cursor() only
    # (QuerySet.iterator()); the export must never ask for one.
    chunked = []
    real = connection.chunked_cursor
    monkeypatch.setattr(connection, "chunked_cursor", lambda: chunked.append(1) or real())

    response = moderator_client.get(reverse("admin:ratings_vote_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(row[3] for row in rows[1:]) == ["1", "3", "4", "5"]
    assert chunked == []


def test_the_export_reads_no_article_body(moderator_client, article):
    make_votes(article, [5, 4])

    with CaptureQueriesContext(connection) as queries:
        response = moderator_client.get(reverse("admin:ratings_vote_export"))
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    assert len(lines) == 3 and article.title in lines[1]
    assert not [q["sql"] for q in queries if '"articles_article"."body"' in q["sql"]]


def test_in_the_lists_order_the_ids_come_a_chunk_at_a_time_across_ties(article):
    now = timezone.now()
    make_votes(article, [1, 2, 3], now=now)
    make_votes(article, [4, 5], now=now - timedelta(minutes=1))
    newest_first = Vote.objects.order_by("-created_at", "-pk")

    chunks = list(id_chunks(newest_first, size=2))

    ids = list(newest_first.values_list("pk", flat=True))
    assert chunks == [ids[0:2], ids[2:4], ids[4:5]]
    assert [vote.score for vote in in_chunks(newest_first, size=2)] == [3, 2, 1, 5, 4]


def test_the_export_of_the_list_reads_its_ids_a_chunk_at_a_time(moderator_client, article):
    make_votes(article, [5, 4, 3])

    with CaptureQueriesContext(connection) as queries:
        response = moderator_client.get(reverse("admin:ratings_vote_export"))
        b"".join(response.streaming_content)

    ids = [q["sql"] for q in queries if q["sql"].startswith('SELECT "ratings_vote"."id" AS')]
    assert ids and all(sql.endswith(f"LIMIT {CHUNK_SIZE}") for sql in ids)
