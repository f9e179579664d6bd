"""The cache holding the rate-limit counters cannot be reached: voting fails
closed (503, Vietnamese message, Retry-After, nothing written), reading the
aggregate still works, and a vote already stored is never turned into an error."""

import logging

import pytest
from captcha.models import CaptchaStore

from ratings import limits, services
from ratings.models import Vote
from ratings.refusals import VotingUnavailable
from tests.ratings.factories import captcha_answer, make_voter, new_captcha

pytestmark = pytest.mark.django_db

UNAVAILABLE = {"errors": {"__all__": ["Hệ thống đang bảo trì, vui lòng thử lại sau"]}}


@pytest.fixture
def counters_down(settings):
    """The counters live in a Redis nobody listens to."""
    settings.CACHES = {
        **settings.CACHES,
        "dead": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    settings.RATINGS_CACHE_ALIAS = "dead"


def stored_captcha():
    """A captcha made before the outage: (key, answer)."""
    key = CaptchaStore.generate_key()
    return key, captcha_answer(key)


def test_asking_for_a_captcha_is_503_and_makes_none(counters_down, client):
    response = client.get("/api/ratings/captcha/")

    assert response.status_code == 503
    assert response.json() == UNAVAILABLE
    assert int(response["Retry-After"]) > 0
    assert not CaptchaStore.objects.exists()


def test_the_captcha_image_is_503(counters_down, client):
    key, _ = stored_captcha()

    response = client.get(f"/captcha/image/{key}/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


def test_a_vote_is_503_and_neither_stored_nor_its_captcha_used_up(counters_down, client, article):
    key, answer = stored_captcha()

    response = client.post(
        f"/api/ratings/{article.pk}/", {"score": 4, "captcha_0": key, "captcha_1": answer}
    )

    assert response.status_code == 503
    assert response.json() == UNAVAILABLE
    assert int(response["Retry-After"]) > 0
    assert not Vote.objects.exists()
    assert CaptchaStore.objects.filter(hashkey=key).exists()


def test_the_rating_page_is_503_with_the_message_and_no_captcha(counters_down, client, article):
    response = client.get(f"/danh-gia/{article.pk}/?score=4")

    assert response.status_code == 503
    assert "Hệ thống đang bảo trì, vui lòng thử lại sau" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not CaptchaStore.objects.exists()


def test_sending_the_rating_page_is_503_and_stores_nothing(counters_down, client, article):
    key, answer = stored_captcha()

    response = client.post(
        f"/danh-gia/{article.pk}/", {"score": "4", "captcha_0": key, "captcha_1": answer}
    )

    assert response.status_code == 503
    assert "Hệ thống đang bảo trì, vui lòng thử lại sau" in response.content.decode()
    assert not Vote.objects.exists()


def test_the_aggregate_still_answers_200(counters_down, client, article):
    response = client.get(f"/api/ratings/{article.pk}/")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_casting_a_vote_refuses_it_while_the_quota_cannot_be_read(counters_down, article):
    with pytest.raises(VotingUnavailable):
        services.cast_vote(article=article, score=4, voter=make_voter())

    assert not Vote.objects.exists()


def test_a_vote_stored_as_the_cache_goes_down_is_still_201(
    monkeypatch, caplog, browser_client, article
):
    count = limits._count

    def count_until_the_vote(name, seconds, network_hash, now):
        if name == "votes":
            raise VotingUnavailable
        return count(name, seconds, network_hash, now)

    monkeypatch.setattr(limits, "_count", count_until_the_vote)
    key, answer, token = new_captcha(browser_client)

    with caplog.at_level(logging.ERROR, logger="ratings.limits"):
        response = browser_client.post(
            f"/api/ratings/{article.pk}/",
            {"score": 4, "captcha_0": key, "captcha_1": answer},
            headers={"X-CSRFToken": token},
        )

    assert response.status_code == 201
    assert Vote.objects.filter(article=article).count() == 1
    assert "not counted" in caplog.text
