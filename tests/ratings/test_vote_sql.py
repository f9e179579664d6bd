"""The vote's own statements (ratings.vote_sql): the one PostgreSQL runs and
the two SQLite runs store the same rows and refuse the same second vote."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from articles.visibility import Visibility
from ratings import vote_sql
from ratings.models import RatingSummary, Vote, VoteBurst
from tests.factories import make_article, make_user
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db


def a_vote(article, token, score=4, state=Vote.State.VISIBLE):
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
    assert Vote.objects.get().state == Vote.State.HELD


def every_column(model, **lookup):
    """{attname: stored value} of every concrete field of one row."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.objects.filter(**lookup).values(*names).get()


@pytest.mark.parametrize("one_statement", [True, False], ids=["postgresql", "sqlite-way"])
def test_every_column_of_the_stored_vote_holds_the_value_given_for_it(article, one_statement):
    """Each field gets a value no other field has, so a column given another
    column's value (or a default) shows."""
    moderator = make_user("kiemduyet-sql")
    created, moderated = (
        datetime(2031, 3, 4, 5, 6, 7, 891_011, UTC),
        datetime(2032, 1, 2, tzinfo=UTC),
    )
    burst = VoteBurst.objects.create(
        article=article,
        kind=VoteBurst.Kind.DRIP,
        network_hash="n" * 64,
        first_vote_at=created,
        last_vote_at=created,
    )
    vote = {
        "article_id": article.pk,
        "score": 2,
        "created_at": created,
        "ip_hash": "a" * 64,
        "network_hash": "b" * 64,
        "user_agent_hash": "c" * 64,
        "voter_token": "t" * 20,
        "state": Vote.State.HELD,
        "moderated_by_id": moderator.pk,
        "moderated_at": moderated,
        "burst_id": burst.pk,
    }
    assert set(vote) == {f.attname for f in Vote._meta.concrete_fields if not f.primary_key}

    vote_id, _ = store(article, vote, {"held": 1}, one_statement)

    assert every_column(Vote, pk=vote_id) == {"id": vote_id, **vote}


@pytest.mark.parametrize("one_statement", [True, False], ids=["postgresql", "sqlite-way"])
def test_the_summary_returned_is_the_stored_row_plus_the_changes(article, one_statement):
    make_votes(article, [5, 1, 1])
    before = every_column(RatingSummary, pk=article.pk)
    changes = {"count": 1, "total": 3, "count_3": 1}

    _, summary = store(article, a_vote(article, "s" * 20, score=3), changes, one_statement)

    after = every_column(RatingSummary, pk=article.pk)
    assert {name: getattr(summary, name) for name in after} == after
    assert after == {
        **before,
        **{name: before[name] + amount for name, amount in changes.items()},
        "updated_at": after["updated_at"],
    }
    assert after["updated_at"] > before["updated_at"]


def test_a_vote_field_left_out_takes_its_default(article):
    vote = a_vote(article, "d" * 20)
    del vote["state"], vote["created_at"]

    vote_id, _ = store(article, vote, {"count": 1, "total": 4, "count_4": 1}, True)

    stored = Vote.objects.get(pk=vote_id)
    assert stored.state == Vote.State.VISIBLE
    assert stored.moderated_at is None
    assert abs(stored.created_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("fields", "public"),
    [
        ({}, True),
        ({"status": Article.Status.DRAFT}, False),
        ({"status": Article.Status.SUBMITTED}, False),
        ({"published_at": timezone.now() + timedelta(hours=1)}, False),
    ],
    ids=["public", "draft", "submitted", "scheduled"],
)
@pytest.mark.parametrize("has_summary", [True, False], ids=["summary", "no-summary"])
def test_the_lock_takes_the_articles_published_takes_and_no_other(fields, public, has_summary):
    article = make_article(**fields)
    if has_summary:
        RatingSummary.objects.get_or_create(article=article)
    else:
        RatingSummary.objects.filter(article=article).delete()
    assert Article.objects.published().filter(pk=article.pk).exists() is public

    with transaction.atomic():
        locked = vote_sql.lock_summary(article.pk)

    assert locked is public
    assert RatingSummary.objects.filter(article=article).exists() is (public or has_summary)


def test_a_visibility_rule_the_lock_does_not_carry_stops_it_being_written(monkeypatch):
    """The lock states articles.visibility.PUBLIC in SQL; were the rule to
    gain a condition, the statement refuses to be made rather than lock the
    summaries of articles the public cannot see."""
    rule = Visibility.q
    monkeypatch.setattr(Visibility, "q", lambda self, now=None: rule(self, now) & Q(pk__gt=0))

    with pytest.raises(ValueError, match="PUBLIC"):
        vote_sql._lock_public_sql.__wrapped__()
