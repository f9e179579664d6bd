"""The vote list at archive size: no query of the page, of its date
drill-down or of the CSV export's first line reads the table, whatever the
number of votes (EXPLAIN ANALYZE, tests/queries.py); the count stops at a
cap and says so."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.html import parse_html
from django.urls import reverse

from core.admin_lists import AdminPaginator
from ratings.models import Vote
from tests.factories import make_article
from tests.queries import most_rows_examined
from tests.ratings.factories import make_vote

pytestmark = pytest.mark.django_db

VOTES_URL = reverse("admin:ratings_vote_changelist")
TABLE = Vote._meta.db_table
VOTES = 3000


@pytest.fixture
def many_votes(monkeypatch):
    """3,000 visible votes on one article over about six weeks (one every 20
    minutes), the count capped at 200."""
    monkeypatch.setattr(AdminPaginator, "cap", 200)
    article = make_article()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLE} (article_id, score, created_at, ip_hash, network_hash,
                                 user_agent_hash, voter_token, state)
            SELECT %s, 1 + n %% 5, now() - n * interval '20 minutes', md5('ip' || n),
                   md5('net' || n), '', 'scale-' || n, 'visible'
            FROM generate_series(1, %s) AS n
            """,
            [article.pk, VOTES],
        )
        cursor.execute(f"ANALYZE {TABLE}")
    return article


def test_the_vote_list_reads_no_more_votes_than_its_cap(moderator_client, many_votes):
    read, response = most_rows_examined(lambda: moderator_client.get(VOTES_URL), TABLE)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Hơn 200 lượt đánh giá" in content
    assert "Hiện số lượng" not in content  # no counts beside the filters
    assert read < 250  # the cap, and the few rows an incremental sort looks past it


def test_the_vote_list_of_one_article_reads_no_more_of_its_votes_than_the_cap(
    moderator_client, many_votes
):
    other = make_article()
    make_vote(other)

    read, response = most_rows_examined(
        lambda: moderator_client.get(VOTES_URL, {"article__id__exact": many_votes.pk}), TABLE
    )

    rows = response.context["cl"].result_list
    assert {vote.article_id for vote in rows} == {many_votes.pk} and len(rows) == 100
    assert "Hơn 200 lượt đánh giá" in response.content.decode()
    assert read < 250  # the cap, and the few rows an incremental sort looks past it


def test_the_date_drill_down_reads_two_ends_of_the_date_index(moderator_client, many_votes):
    year = Vote.objects.order_by("-created_at").first().created_at.year
    read, response = most_rows_examined(
        lambda: moderator_client.get(VOTES_URL, {"created_at__year": year}), TABLE
    )

    months = re.findall(r"created_at__month=(\d+)", response.content.decode())
    assert response.status_code == 200 and months
    assert read < 250  # the cap, and the few rows an incremental sort looks past it


def test_the_csv_exports_first_line_reads_no_more_votes_than_the_cap(moderator_client, many_votes):
    def first_line():
        response = moderator_client.get(reverse("admin:ratings_vote_export"))
        return next(iter(response.streaming_content))

    read, line = most_rows_examined(first_line, TABLE)

    assert line.decode().lstrip("\ufeff").startswith("Mã,")
    assert read < 250  # the cap, and the few rows an incremental sort looks past it


def test_the_export_still_holds_every_vote_past_the_cap(moderator_client, many_votes):
    response = moderator_client.get(reverse("admin:ratings_vote_export"))

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == VOTES + 1


def test_each_rows_checkbox_is_djangos_own_markup_written_without_a_template():
    vote = make_vote(make_article())
    votes = admin.site._registry[Vote]

    ours = votes.action_checkbox(vote)
    djangos = admin.ModelAdmin.action_checkbox(votes, vote)

    assert parse_html(ours) == parse_html(djangos)
