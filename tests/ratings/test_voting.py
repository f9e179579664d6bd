"""services.cast_vote(): the vote, its summary, and the rules that refuse one."""

import dataclasses
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ratings import services
from ratings.models import RatingSummary, Vote
from ratings.refusals import AlreadyVoted, ArticleNotPublic, TooManyVotes
from tests.factories import make_article
from tests.ratings.factories import make_vote, make_voter

pytestmark = pytest.mark.django_db


def test_a_vote_is_stored_with_its_score_and_counted_in_the_summary(article):
    summary = services.cast_vote(article=article, score=4, voter=make_voter()).summary

    assert Vote.objects.get(article=article).score == 4
    stored = RatingSummary.objects.get(article=article)
    assert (stored.count, stored.total, stored.count_4) == (1, 4, 1)
    assert (summary.count, summary.total) == (1, 4)


def test_the_summary_holds_count_sum_and_histogram_of_all_votes(article):
    for score in (5, 5, 4, 3, 1):
        services.cast_vote(article=article, score=score, voter=make_voter())

    summary = RatingSummary.objects.get(article=article)
    assert summary.count == 5
    assert summary.total == 18
    assert summary.histogram == {"1": 1, "2": 0, "3": 1, "4": 1, "5": 2}
    assert summary.average == pytest.approx(3.6)


def test_the_same_browser_cannot_vote_twice_on_one_article(article):
    voter = make_voter()
    services.cast_vote(article=article, score=5, voter=voter)

    with pytest.raises(AlreadyVoted):
        services.cast_vote(article=article, score=1, voter=voter)
    assert RatingSummary.objects.get(article=article).count == 1


def test_a_vote_the_database_refuses_for_another_reason_is_an_error_not_a_second_vote(article):
    without_token = dataclasses.replace(make_voter(), token=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        services.cast_vote(article=article, score=4, voter=without_token)
    assert not Vote.objects.exists()


def test_the_same_browser_may_vote_on_another_article(article):
    voter = make_voter()
    services.cast_vote(article=article, score=5, voter=voter)

    services.cast_vote(article=make_article(), score=3, voter=voter)

    assert Vote.objects.filter(voter_token=voter.token).count() == 2


def test_the_database_refuses_a_second_vote_with_the_same_token(article):
    vote = make_vote(article)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, score=3, voter_token=vote.voter_token)


@pytest.mark.parametrize("score", [0, 6, -1, 100])
def test_the_database_refuses_a_score_outside_one_to_five(article, score):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, score=score, voter_token="x" * 20)


def test_the_database_refuses_a_summary_whose_count_is_not_its_histogram(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingSummary.objects.create(article=article, count=2, total=5, count_5=1)


def test_an_invalid_score_never_reaches_the_database(article):
    with pytest.raises(ValueError):
        services.cast_vote(article=article, score=7, voter=make_voter())
    assert not Vote.objects.exists()


def test_one_address_may_vote_up_to_the_daily_limit_on_one_article(settings, article):
    settings.RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY = 3
    for _ in range(3):
        services.cast_vote(article=article, score=4, voter=make_voter(ip="203.0.113.9"))

    with pytest.raises(TooManyVotes) as refused:
        services.cast_vote(article=article, score=4, voter=make_voter(ip="203.0.113.9"))
    assert 0 < refused.value.retry_after <= 86400
    assert Vote.objects.filter(article=article).count() == 3


def test_the_address_limit_is_per_article(settings, article):
    settings.RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY = 1
    other = make_article()
    services.cast_vote(article=article, score=4, voter=make_voter(ip="203.0.113.9"))

    services.cast_vote(article=other, score=2, voter=make_voter(ip="203.0.113.9"))

    with pytest.raises(TooManyVotes):
        services.cast_vote(article=article, score=5, voter=make_voter(ip="203.0.113.9"))
    assert RatingSummary.objects.get(article=article).count == 1
    assert Vote.objects.get(article=other).score == 2


def test_the_address_limit_forgets_votes_older_than_a_day(settings, article):
    settings.RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY = 1
    yesterday = timezone.now() - timedelta(hours=25)
    services.cast_vote(article=article, score=4, voter=make_voter(ip="203.0.113.9"), now=yesterday)

    services.cast_vote(article=article, score=4, voter=make_voter(ip="203.0.113.9"))

    assert RatingSummary.objects.get(article=article).count == 2


def test_offices_behind_one_address_may_store_several_votes_held_for_review(article):
    for _ in range(4):
        services.cast_vote(article=article, score=4, voter=make_voter(ip="203.0.113.9"))

    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.held) == (1, 3)


def test_one_network_may_vote_up_to_its_daily_limit_on_all_articles(settings):
    settings.RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY = 2
    services.cast_vote(article=make_article(), score=4, voter=make_voter(ip="203.0.113.1"))
    services.cast_vote(article=make_article(), score=4, voter=make_voter(ip="203.0.113.2"))

    with pytest.raises(TooManyVotes):
        services.cast_vote(article=make_article(), score=4, voter=make_voter(ip="203.0.113.200"))
    services.cast_vote(article=make_article(), score=4, voter=make_voter(ip="203.0.114.1"))


def test_no_raw_ip_address_is_stored(article):
    vote = make_vote(article, ip="203.0.113.77", user_agent="Firefox 130")

    stored = Vote.objects.filter(pk=vote.pk).values().get()
    assert not any("203.0.113" in str(value) for value in stored.values())
    assert len(vote.ip_hash) == len(vote.network_hash) == len(vote.user_agent_hash) == 64


def test_editing_unpublishing_and_republishing_an_article_keeps_its_ratings(article):
    make_vote(article, 5)
    make_vote(article, 3)

    article.title = "Tiêu đề mới"
    article.status = article.Status.DRAFT
    article.save()
    article.status = article.Status.PUBLISHED
    article.save()

    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.total) == (2, 8)
    assert article.rating_votes.count() == 2


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft"}, {"published_at": timezone.now() + timedelta(hours=1)}],
    ids=["draft", "scheduled"],
)
def test_an_article_that_is_not_public_takes_no_vote_and_gets_no_summary(fields):
    article = make_article(**fields)

    with pytest.raises(ArticleNotPublic):
        services.cast_vote(article=article, score=4, voter=make_voter())

    assert not Vote.objects.exists()
    assert not RatingSummary.objects.filter(pk=article.pk).exists()


def test_an_article_s_first_vote_makes_its_summary(article):
    RatingSummary.objects.filter(pk=article.pk).delete()

    summary = services.cast_vote(article=article, score=2, voter=make_voter()).summary

    assert (summary.count, summary.count_2) == (1, 1)
    assert RatingSummary.objects.get(pk=article.pk).total == 2
