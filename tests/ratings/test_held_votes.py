"""Stuffing held back: one vote per address (an IPv6 /64) per article per day
counts at once; the address's further votes and the votes of a burst are
stored but held until a moderator accepts them, and the reader is told so."""

import pytest
from django.test import Client
from django.urls import reverse

from ratings import services
from ratings.models import RatingSummary, Vote, VoteBurst
from tests.ratings.factories import captcha_answer, make_vote, make_voter, vote_without_cookies

pytestmark = pytest.mark.django_db

HELD = "chờ kiểm duyệt"


def shown_count(article):
    return Client().get(f"/api/ratings/{article.pk}/").json()["count"]


@pytest.mark.slow
def test_thirty_cookie_dropping_votes_from_one_address_move_the_shown_count_by_one_at_most(
    redis_counters, article
):
    make_vote(article, 3)
    before = shown_count(article)

    answers = [vote_without_cookies(article, "203.0.113.9").status_code for _ in range(30)]

    assert shown_count(article) - before <= 1
    assert answers.count(201) == 20  # stored (held) up to the address quota, then 429
    assert set(answers[20:]) == {429}


def test_a_second_vote_from_one_address_on_one_article_is_stored_but_held(article):
    services.cast_vote(article=article, score=5, voter=make_voter(ip="203.0.113.9"))

    ballot = services.cast_vote(article=article, score=1, voter=make_voter(ip="203.0.113.9"))

    assert ballot.held
    assert Vote.objects.held().get().score == 1
    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.total, summary.count_1, summary.held) == (1, 5, 0, 1)


def test_addresses_of_one_ipv6_64_count_as_one_address(article):
    for host in range(1, 4):
        services.cast_vote(article=article, score=5, voter=make_voter(ip=f"2001:db8:1:2::{host}"))

    assert RatingSummary.objects.get(article=article).count == 1
    assert Vote.objects.held().count() == 2


def test_ipv6_64s_of_one_48_share_the_network_quota(settings, article):
    settings.RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY = 2
    for subnet in (1, 2):
        services.cast_vote(article=article, score=5, voter=make_voter(ip=f"2001:db8:1:{subnet}::1"))

    answer = vote_without_cookies(article, "2001:db8:1:ffff::1")

    assert answer.status_code == 429
    assert Vote.objects.count() == 2


def test_the_votes_of_a_flagged_burst_are_held_and_leave_the_average(settings, article):
    settings.RATINGS_BURST_VOTES = 3
    make_vote(article, 4)
    for n in range(1, 4):
        make_vote(article, 1, ip=f"203.0.113.{n}")

    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.average, summary.held) == (1, 4, 3)
    assert set(VoteBurst.objects.get().votes.values_list("state", flat=True)) == {"held"}


def test_the_reader_whose_vote_is_held_is_told_it_was_received_and_awaits_review(
    redis_counters, article
):
    vote_without_cookies(article, "203.0.113.9", score=4)

    answer = vote_without_cookies(article, "203.0.113.9", score=1)

    assert answer.status_code == 201
    body = answer.json()
    assert body["held"] is True
    assert HELD in body["message"]
    assert body["count"] == 1


def test_the_reader_without_javascript_whose_vote_is_held_is_told_it_awaits_review(article):
    make_vote(article, 4, ip="203.0.113.9")
    client = Client(REMOTE_ADDR="203.0.113.9")
    page = client.get(f"/danh-gia/{article.pk}/?score=2")
    key = page.context["captcha"]["key"]

    answer = client.post(
        f"/danh-gia/{article.pk}/",
        {"score": "2", "captcha_0": key, "captcha_1": captcha_answer(key)},
        follow=True,
    )

    assert HELD in answer.content.decode()
    assert Vote.objects.held().count() == 1


def test_held_votes_accepted_by_a_moderator_then_count(moderator_client, article):
    make_vote(article, 5, ip="203.0.113.9")
    held = make_vote(article, 1, ip="203.0.113.9")

    moderator_client.post(
        reverse("admin:ratings_vote_changelist"),
        {"action": "accept_selected", "_selected_action": [held.pk]},
    )

    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.total, summary.held) == (2, 6, 0)


def test_one_action_accepts_a_whole_burst(settings, moderator_client, article):
    settings.RATINGS_BURST_VOTES = 3
    for n in range(1, 5):
        make_vote(article, 5, ip=f"203.0.113.{n}")
    burst = VoteBurst.objects.get()

    moderator_client.post(
        reverse("admin:ratings_voteburst_changelist"),
        {"action": "accept_selected_bursts", "_selected_action": [burst.pk]},
    )

    assert RatingSummary.objects.get(article=article).count == 4
    burst.refresh_from_db()
    assert burst.accepted_at is not None


def test_moderators_see_how_many_votes_each_article_holds(moderator_client, article):
    for _ in range(3):
        make_vote(article, 5, ip="203.0.113.9")

    page = moderator_client.get(
        reverse("admin:ratings_ratingsummary_changelist"), {"cho_kiem_duyet": "1"}
    )

    assert page.context["cl"].result_count == 1
    assert "state__exact=held" in page.content.decode()
    assert ">2 lượt</a>" in page.content.decode()
