"""Suspicious bursts: many votes from one network on one article in a short
time (flagged at vote time), or a sudden skew of scores (flag_bursts)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ratings.bursts import flag_bursts
from ratings.models import RatingSummary, Vote, VoteBurst
from tests.factories import make_article
from tests.ratings.factories import make_vote, make_votes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def burst_rules(settings):
    settings.RATINGS_BURST_VOTES = 5
    settings.RATINGS_BURST_WINDOW_MINUTES = 10


def test_five_votes_from_one_network_within_the_window_are_flagged(article):
    votes = [make_vote(article, 5, ip=f"203.0.113.{n}") for n in range(1, 6)]

    burst = VoteBurst.objects.get()
    assert burst.kind == VoteBurst.Kind.NETWORK
    assert burst.vote_count == 5
    assert set(burst.votes.all()) == set(votes)


def test_four_votes_from_one_network_are_not_a_burst(article):
    for n in range(1, 5):
        make_vote(article, 5, ip=f"203.0.113.{n}")

    assert not VoteBurst.objects.exists()


def test_votes_from_different_networks_are_not_a_burst(article):
    for n in range(1, 8):
        make_vote(article, 5, ip=f"203.0.{n}.1")

    assert not VoteBurst.objects.exists()


def test_votes_spread_beyond_the_window_are_not_a_burst(article):
    start = timezone.now() - timedelta(hours=2)
    for n in range(5):
        make_vote(article, 5, ip=f"203.0.113.{n + 1}", now=start + timedelta(minutes=15 * n))

    assert not VoteBurst.objects.exists()


def test_later_votes_of_a_burst_join_it(article):
    for n in range(1, 8):
        make_vote(article, 5, ip=f"203.0.113.{n}")

    burst = VoteBurst.objects.get()
    assert burst.vote_count == 7
    assert Vote.objects.flagged().count() == 7


def test_flagged_votes_leave_the_average_until_a_moderator_accepts_them(article):
    for n in range(1, 6):
        make_vote(article, 5, ip=f"203.0.113.{n}")

    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.held) == (0, 5)


def test_the_burst_scan_finds_bursts_the_vote_time_check_missed(settings, article):
    settings.RATINGS_BURST_VOTES = 50  # nothing flagged while voting
    for n in range(1, 6):
        make_vote(article, 5, ip=f"203.0.113.{n}")
    settings.RATINGS_BURST_VOTES = 5

    (burst,) = flag_bursts()

    assert burst.vote_count == 5
    assert burst.kind == VoteBurst.Kind.NETWORK


def test_the_burst_scan_does_not_flag_the_same_votes_twice(settings, article):
    for n in range(1, 6):
        make_vote(article, 5, ip=f"203.0.113.{n}")

    assert flag_bursts() == []


@pytest.fixture
def skew_rules(settings):
    settings.RATINGS_SKEW_WINDOW_MINUTES = 60
    settings.RATINGS_SKEW_MIN_VOTES = 10
    settings.RATINGS_SKEW_MIN_PRIOR_VOTES = 10
    settings.RATINGS_SKEW_DELTA = 1.5


def test_a_sudden_run_of_one_star_votes_is_flagged_as_a_skew(skew_rules):
    article = make_article()
    yesterday = timezone.now() - timedelta(days=1)
    make_votes(article, [4, 5, 4, 5, 4, 4, 5, 4, 5, 4, 4, 5], now=yesterday)
    recent = make_votes(article, [1] * 10 + [5, 4])

    (burst,) = flag_bursts()

    assert burst.kind == VoteBurst.Kind.SKEW
    assert set(burst.votes.all()) == {v for v in recent if v.score == 1}


def test_many_votes_in_line_with_earlier_ones_are_no_skew(skew_rules):
    article = make_article()
    yesterday = timezone.now() - timedelta(days=1)
    make_votes(article, [4, 5] * 6, now=yesterday)
    make_votes(article, [5, 4] * 6)

    assert flag_bursts() == []


def test_a_new_article_cannot_skew_without_earlier_votes(skew_rules):
    make_votes(make_article(), [1] * 12)

    assert flag_bursts() == []


def drip(article, votes, start, every=timedelta(seconds=156)):
    """Votes from addresses of one network, one every 2.6 minutes: never five
    in ten minutes, so never a short burst."""
    for n in range(votes):
        make_vote(article, 5, ip=f"203.0.113.{n + 1}", now=start + n * every)


def test_a_slow_drip_from_one_network_is_flagged_and_held(settings, article):
    settings.RATINGS_DRIP_VOTES = 10
    settings.RATINGS_DRIP_WINDOW_HOURS = 6

    drip(article, 24, timezone.now() - timedelta(hours=2))

    burst = VoteBurst.objects.get()
    assert burst.kind == VoteBurst.Kind.DRIP
    assert burst.vote_count == 24
    assert not Vote.objects.visible().exists()


def test_a_drip_the_vote_time_check_missed_is_flagged_by_the_command(settings, article):
    settings.RATINGS_DRIP_VOTES = 100
    drip(article, 12, timezone.now() - timedelta(hours=2))
    settings.RATINGS_DRIP_VOTES = 10

    bursts = flag_bursts()

    assert [burst.kind for burst in bursts] == [VoteBurst.Kind.DRIP]
    assert RatingSummary.objects.get(article=article).count == 0
