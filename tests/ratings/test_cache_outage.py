"""The cache holding the attempt counters cannot be reached: voting fails
closed (503, Vietnamese message, Retry-After, nothing written), reading the
aggregate still works, and the daily quotas, read from the votes, need no cache."""

import pytest
from captcha.models import CaptchaStore

from ratings import services
from ratings.models import Vote
from tests.ratings.factories import captcha_answer, make_voter, paid

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
        f"/api/ratings/{article.pk}/",
        {"score": 4, "captcha_0": key, "captcha_1": answer, **paid()},
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


def test_casting_a_vote_needs_no_cache_since_quotas_are_read_from_the_votes(counters_down, article):
    services.cast_vote(article=article, score=4, voter=make_voter())

    assert Vote.objects.filter(article=article).count() == 1
