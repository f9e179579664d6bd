"""Daily quotas are counted from the stored votes in PostgreSQL: nothing the
cache loses resets them. One commit per vote: a refused vote still uses its
captcha up."""

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from ratings.models import Vote
from tests.factories import make_article
from tests.ratings.factories import (
    captcha_answer,
    make_vote,
    new_captcha,
    paid,
    vote_without_cookies,
)

pytestmark = pytest.mark.django_db


def test_daily_quotas_hold_after_the_redis_keys_are_deleted(settings, redis_counters, article):
    settings.RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY = 3
    for n in range(1, 4):
        assert vote_without_cookies(make_article(), f"203.0.113.{n}").status_code == 201

    redis_counters.clear()  # every key of the counters' Redis database

    answer = vote_without_cookies(article, "203.0.113.77")
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0
    assert not Vote.objects.filter(article=article).exists()


def test_a_second_vote_refused_as_409_still_uses_its_captcha_up(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    browser_client.post(
        f"/api/ratings/{article.pk}/",
        {"score": 4, "captcha_0": key, "captcha_1": answer, **paid()},
        headers={"X-CSRFToken": token},
    )
    key, answer, token = new_captcha(browser_client)

    refused = browser_client.post(
        f"/api/ratings/{article.pk}/",
        {"score": 1, "captcha_0": key, "captcha_1": answer, **paid()},
        headers={"X-CSRFToken": token},
    )

    assert refused.status_code == 409
    assert not CaptchaStore.objects.filter(hashkey=key).exists()


def test_a_vote_over_the_quota_still_uses_its_captcha_up(settings, client, article):
    settings.RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY = 1
    vote_without_cookies(article, "127.0.0.1")
    key = client.get("/api/ratings/captcha/").json()["key"]

    refused = client.post(
        f"/api/ratings/{article.pk}/",
        {"score": 4, "captcha_0": key, "captcha_1": captcha_answer(key), **paid()},
    )

    assert refused.status_code == 429
    assert not CaptchaStore.objects.filter(hashkey=key).exists()


def test_a_vote_on_an_article_withdrawn_since_its_captcha_is_404_and_uses_the_captcha_up(
    client, article
):
    key = client.get("/api/ratings/captcha/").json()["key"]
    Article.objects.filter(pk=article.pk).update(status="draft")

    refused = client.post(
        f"/api/ratings/{article.pk}/",
        {"score": 4, "captcha_0": key, "captcha_1": captcha_answer(key), **paid()},
    )

    assert refused.status_code == 404
    assert refused.json() == {"errors": {"__all__": ["Không tìm thấy bài viết"]}}
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    assert not Vote.objects.exists()


def queries_of_a_vote(client, article):
    key, answer, token = new_captcha(client)
    work = paid()
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            f"/api/ratings/{article.pk}/",
            {"score": 4, "captcha_0": key, "captcha_1": answer, **work},
            headers={"X-CSRFToken": token},
        )
    assert answer.status_code == 201
    return [query["sql"].split()[0] for query in queries.captured_queries]


def test_a_vote_costs_the_same_few_statements_after_one_vote_or_fifty(settings, article):
    settings.RATINGS_BURST_VOTES = 1000  # no burst: the common case
    make_vote(article, 5)
    after_one = queries_of_a_vote(Client(enforce_csrf_checks=True), article)
    for n in range(50):
        make_vote(article, 5, ip=f"203.0.113.{n + 1}")

    after_fifty = queries_of_a_vote(Client(enforce_csrf_checks=True), article)

    # One transaction (a savepoint inside the test's): the captcha used up,
    # the summary locked if the article is public, the quotas read, the vote
    # stored and the summary updated in one statement (WITH ... INSERT ... UPDATE).
    expected = ["SAVEPOINT", "DELETE", "SELECT", "SELECT", "WITH", "RELEASE"]
    assert after_one == after_fifty == expected
