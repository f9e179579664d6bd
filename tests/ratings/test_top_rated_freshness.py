"""Được đánh giá cao nhất: only articles with enough votes, and never older
than a moderator's action on the cached home page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ratings import selectors
from ratings.models import Vote
from ratings.services import moderation
from tests.factories import make_article
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db


def top_rated_block(client):
    """The "Được đánh giá cao nhất" section of the home page ('' when absent)."""
    html = client.get(reverse("articles:home")).content.decode()
    found = re.search(r'<section class="top-rated".*?</section>', html, re.S)
    return found.group(0) if found else ""


def top_rated_titles():
    return [article.title for article in selectors.top_rated_articles(limit=5)]


def test_an_article_needs_five_votes_to_be_listed(db):
    few = make_article(title="Bốn lượt năm sao")
    make_votes(few, [5, 5, 5, 5])
    enough = make_article(title="Năm lượt bốn sao")
    make_votes(enough, [4, 4, 4, 4, 4])

    assert top_rated_titles() == ["Năm lượt bốn sao"]


def test_the_minimum_number_of_votes_is_a_setting(settings):
    settings.RATINGS_TOP_RATED_MIN_VOTES = 2
    two = make_article(title="Hai lượt")
    make_votes(two, [5, 5])
    one = make_article(title="Một lượt")
    make_votes(one, [5])

    assert top_rated_titles() == ["Hai lượt"]


def test_hiding_votes_takes_the_article_off_the_cached_home_page(client, moderator):
    article = make_article(title="Tin được chấm cao")
    make_votes(article, [5, 5, 5, 5, 5])
    assert "Tin được chấm cao" in top_rated_block(client)  # now cached

    two = list(Vote.objects.filter(article=article)[:2])
    moderation.hide_votes(votes=two, actor=moderator)

    assert "Tin được chấm cao" not in top_rated_block(client)


def test_resetting_ratings_takes_the_article_off_the_cached_home_page(client, moderator):
    article = make_article(title="Tin bị đặt lại")
    make_votes(article, [5, 5, 5, 5, 5])
    assert "Tin bị đặt lại" in top_rated_block(client)

    moderation.reset_ratings(article=article, actor=moderator)

    assert "Tin bị đặt lại" not in top_rated_block(client)


def test_a_readers_vote_does_not_empty_the_page_cache(client, django_assert_num_queries):
    article = make_article(title="Tin có người chấm")
    make_votes(article, [5, 5, 5, 5, 5])
    client.get(reverse("articles:home"))

    make_votes(article, [4])

    with django_assert_num_queries(0):
        client.get(reverse("articles:home"))


def test_readers_votes_move_the_list_within_the_configured_seconds(client, settings, time_machine):
    settings.PAGE_CACHE_SECONDS = 0
    settings.RATINGS_TOP_RATED_SECONDS = 60
    article = make_article(title="Tin vừa đủ lượt")
    assert "Tin vừa đủ lượt" not in top_rated_block(client)
    make_votes(article, [5, 5, 5, 5, 5])
    time_machine.move_to(timezone.now() + timedelta(seconds=61))
    assert "Tin vừa đủ lượt" in top_rated_block(client)
