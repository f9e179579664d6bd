"""The vote's own statements (ratings.vote_sql): the one PostgreSQL runs and
the two SQLite runs store the same rows and refuse the same second vote."""

import pytest
from django.db import transaction
from django.utils import timezone

from ratings import vote_sql
from ratings.models import RatingSummary, Vote

pytestmark = pytest.mark.django_db


def a_vote(article, token, score=4, state="visible"):
    return {
        "article_id": article.pk,
        "score": score,
        "created_at": timezone.now(),
        "ip_hash": "a" * 64,
        "network_hash": "b" * 64,
        "user_agent_hash": "c" * 64,
        "voter_token": token,
        "state": state,
    }


def store(article, vote, changes, one_statement):
    with transaction.atomic():
        vote_sql.lock_summary(article.pk)
        return vote_sql.store_vote(vote, changes, timezone.now(), one_statement=one_statement)


@pytest.mark.parametrize("one_statement", [True, False], ids=["postgresql", "sqlite-way"])
def test_a_vote_is_stored_and_counted_in_the_summary_it_returns(article, one_statement):
    vote_id, summary = store(
        article, a_vote(article, "t" * 20), {"count": 1, "total": 4, "count_4": 1}, one_statement
    )

    assert Vote.objects.get(pk=vote_id).score == 4
    stored = RatingSummary.objects.get(pk=article.pk)
    assert (summary.count, summary.total, summary.count_4) == (stored.count, stored.total, 1)
    assert summary.updated_at == stored.updated_at


@pytest.mark.parametrize("one_statement", [True, False], ids=["postgresql", "sqlite-way"])
def test_a_second_vote_of_one_browser_writes_nothing(article, one_statement):
    first = {"count": 1, "total": 4, "count_4": 1}
    store(article, a_vote(article, "t" * 20), first, one_statement)

    again = store(article, a_vote(article, "t" * 20, score=1), {"held": 1}, one_statement)

    assert again is None
    assert list(Vote.objects.values_list("score", flat=True)) == [4]
    assert RatingSummary.objects.get(pk=article.pk).held == 0


def test_a_held_vote_is_stored_held_and_counted_apart(article):
    _, summary = store(article, a_vote(article, "h" * 20, state="held"), {"held": 1}, True)

    assert (summary.count, summary.held) == (0, 1)
    assert Vote.objects.get().state == "held"
