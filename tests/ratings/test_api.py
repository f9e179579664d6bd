"""The JSON API: GET the aggregate, GET a captcha, POST a vote."""

import json
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from captcha.models import CaptchaStore
from django.test import Client, RequestFactory
from django.utils import timezone

from ratings.fingerprint import read_voter_token
from ratings.models import RatingSummary, Vote
from tests.factories import make_article
from tests.queries import page_queries
from tests.ratings.factories import make_votes, new_captcha, paid

pytestmark = pytest.mark.django_db


def api_url(article):
    return f"/api/ratings/{article.pk}/"


def post_vote(
    client, article, score=4, answer=None, key=None, token=None, as_json=False, work=None
):
    """POST a vote the way the widget does, with a fresh captcha unless given
    and a solved proof of work (`work`: the `altcha` field, or a new one)."""
    if key is None:
        key, right_answer, token = new_captcha(client)
        answer = right_answer if answer is None else answer
    payload = {"score": score, "captcha_0": key, "captcha_1": answer}
    payload.update(paid() if work is None else work)
    if as_json:
        return client.post(
            api_url(article),
            json.dumps(payload),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
    return client.post(api_url(article), payload, headers={"X-CSRFToken": token})


# GET the aggregate


def test_the_aggregate_of_an_article_is_public_json(client, article):
    make_votes(article, [5, 4, 4, 2])

    response = client.get(api_url(article))

    assert response.status_code == 200
    assert response.json() == {
        "article": article.pk,
        "average": 3.75,
        "average_display": "3,8",
        "count": 4,
        "histogram": {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1},
        "label": "Điểm trung bình 3,8 (4 lượt đánh giá)",
        "voted": False,
        "your_score": None,
        "your_state": None,
    }


def test_an_article_without_votes_has_no_average(client, article):
    body = client.get(api_url(article)).json()

    assert body["count"] == 0
    assert body["average"] is None
    assert body["label"] == "Chưa có lượt đánh giá nào"


def test_the_aggregate_is_never_cached(client, article):
    response = client.get(api_url(article))

    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_the_aggregate_of_an_article_that_is_not_public_is_404(client, fields):
    article = make_article(**fields)

    response = client.get(api_url(article))

    assert response.status_code == 404
    assert "errors" in response.json()


def test_the_aggregate_of_an_unknown_article_is_404(client):
    assert client.get("/api/ratings/999999/").status_code == 404


def test_reading_the_aggregate_costs_the_same_with_one_vote_or_many(client, article):
    make_votes(article, [4])
    one = page_queries(client, api_url(article))
    make_votes(article, [4] * 30)
    many = page_queries(client, api_url(article))
    assert client.get(api_url(article)).json()["count"] == 31
    assert many == one <= 2


# GET a captcha


def test_a_captcha_comes_with_an_image_and_the_csrf_cookie(browser_client):
    response = browser_client.get("/api/ratings/captcha/")

    body = response.json()
    assert CaptchaStore.objects.filter(hashkey=body["key"]).exists()
    assert body["image_url"] == f"/captcha/image/{body['key']}/"
    assert body["csrf_token"]
    assert "csrftoken" in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_the_captcha_image_is_served(browser_client):
    image_url = browser_client.get("/api/ratings/captcha/").json()["image_url"]

    response = browser_client.get(image_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_image_of_an_unknown_captcha_is_gone(client):
    assert client.get(f"/captcha/image/{'0' * 40}/").status_code == 410


@pytest.mark.parametrize("url", ["/captcha/refresh/", f"/captcha/audio/{'0' * 40}.wav"])
def test_the_captcha_librarys_other_views_are_not_routed(client, url):
    assert client.get(url).status_code == 404
    assert not CaptchaStore.objects.exists()


def test_each_request_gets_a_new_captcha(browser_client):
    first = browser_client.get("/api/ratings/captcha/").json()["key"]
    second = browser_client.get("/api/ratings/captcha/").json()["key"]

    assert first != second


# POST a vote


def test_a_vote_with_the_right_captcha_is_201_with_the_new_aggregate(browser_client, article):
    make_votes(article, [5, 3])

    response = post_vote(browser_client, article, score=4)

    assert response.status_code == 201
    body = response.json()
    assert body["count"] == 3
    assert body["average"] == 4.0
    assert body["message"] == "Cảm ơn bạn đã đánh giá"
    assert Vote.objects.filter(article=article).count() == 3


def test_a_vote_may_be_sent_as_json(browser_client, article):
    response = post_vote(browser_client, article, score=5, as_json=True)

    assert response.status_code == 201
    assert RatingSummary.objects.get(article=article).total == 5


def test_a_captcha_comes_with_a_signed_http_only_voter_cookie(browser_client):
    response = browser_client.get("/api/ratings/captcha/")

    cookie = response.cookies["vpcp_voter"]
    next_request = RequestFactory().get("/")
    next_request.COOKIES["vpcp_voter"] = cookie.value
    assert cookie["httponly"]
    assert read_voter_token(next_request)


def test_another_captcha_keeps_the_voter_cookie_of_the_browser(browser_client):
    browser_client.get("/api/ratings/captcha/")

    response = browser_client.get("/api/ratings/captcha/")

    assert "vpcp_voter" not in response.cookies


def test_a_vote_is_stored_with_the_token_the_captcha_gave(browser_client, article):
    new_captcha(browser_client)
    given = browser_client.cookies["vpcp_voter"].value

    post_vote(browser_client, article)

    assert given.startswith(Vote.objects.get(article=article).voter_token)


def test_a_client_voting_without_the_voter_cookie_gets_it_with_the_201(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    browser_client.cookies.pop("vpcp_voter")

    response = post_vote(browser_client, article, key=key, answer=answer, token=token)

    assert response.status_code == 201
    cookie = response.cookies["vpcp_voter"]
    assert cookie["httponly"]
    assert cookie.value.startswith(Vote.objects.get(article=article).voter_token)


def test_two_tabs_of_a_new_browser_voting_at_once_get_one_vote(article):
    first_tab = Client(enforce_csrf_checks=True)
    key_1, answer_1, token = new_captcha(first_tab)
    key_2, answer_2, _ = new_captcha(first_tab)
    # The second tab's vote leaves before the first one's answer comes back.
    second_tab = Client(enforce_csrf_checks=True)
    second_tab.cookies = SimpleCookie(first_tab.cookies)

    first = post_vote(first_tab, article, key=key_1, answer=answer_1, token=token)
    second = post_vote(second_tab, article, key=key_2, answer=answer_2, token=token)

    assert (first.status_code, second.status_code) == (201, 409)
    assert Vote.objects.filter(article=article).count() == 1


def test_the_captcha_answer_is_not_case_sensitive(browser_client, article):
    key, answer, token = new_captcha(browser_client)

    response = post_vote(browser_client, article, key=key, answer=answer.upper(), token=token)

    assert response.status_code == 201


def test_a_wrong_captcha_is_400_with_a_vietnamese_message(browser_client, article):
    key, answer, token = new_captcha(browser_client)

    response = post_vote(browser_client, article, key=key, answer=answer + "x", token=token)

    assert response.status_code == 400
    assert response.json() == {"errors": {"captcha": ["Mã xác nhận không đúng, vui lòng thử lại"]}}
    assert not Vote.objects.exists()


def test_a_wrong_answer_uses_the_captcha_up(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    post_vote(browser_client, article, key=key, answer="sai", token=token)

    response = post_vote(browser_client, article, key=key, answer=answer, token=token)

    assert response.status_code == 400
    assert response.json()["errors"]["captcha"] == ["Mã xác nhận đã hết hạn, vui lòng nhập mã mới"]


def test_an_expired_captcha_is_400_with_its_own_message(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    CaptchaStore.objects.filter(hashkey=key).update(
        expiration=timezone.now() - timedelta(seconds=1)
    )

    response = post_vote(browser_client, article, key=key, answer=answer, token=token)

    assert response.status_code == 400
    assert response.json()["errors"]["captcha"] == ["Mã xác nhận đã hết hạn, vui lòng nhập mã mới"]


def test_a_captcha_used_for_one_vote_cannot_be_reused(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    assert (
        post_vote(browser_client, article, key=key, answer=answer, token=token).status_code == 201
    )

    browser_client.cookies.pop("vpcp_voter")
    response = post_vote(browser_client, make_article(), key=key, answer=answer, token=token)

    assert response.status_code == 400
    assert "captcha" in response.json()["errors"]


def test_a_missing_captcha_answer_asks_for_it(browser_client, article):
    key, _, token = new_captcha(browser_client)

    response = post_vote(browser_client, article, key=key, answer="", token=token)

    assert response.json()["errors"]["captcha"] == ["Nhập mã xác nhận trong hình"]


def test_a_vote_without_any_captcha_is_400(browser_client, article):
    _, _, token = new_captcha(browser_client)

    response = browser_client.post(
        api_url(article), {"score": 4, **paid()}, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 400
    assert "captcha" in response.json()["errors"]


@pytest.mark.parametrize("score", [0, 6, "3.5", 3.5, "abc", "", None, [4], {"n": 4}, True, "4.0"])
def test_a_score_that_is_not_one_to_five_is_400(browser_client, article, score):
    response = post_vote(browser_client, article, score=score, as_json=True)

    assert response.status_code == 400
    assert response.json()["errors"]["score"] == ["Vui lòng chọn số sao từ 1 đến 5"]
    assert not Vote.objects.exists()


def test_a_score_sent_twice_in_a_form_is_400(browser_client, article):
    key, answer, token = new_captcha(browser_client)

    response = browser_client.post(
        api_url(article),
        {"score": ["4", "5"], "captcha_0": key, "captcha_1": answer, **paid()},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 400
    assert "score" in response.json()["errors"]


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"4"', "\x00"])
def test_a_body_that_is_not_a_json_object_is_400(browser_client, article, body):
    _, _, token = new_captcha(browser_client)

    response = browser_client.post(
        api_url(article), body, content_type="application/json", headers={"X-CSRFToken": token}
    )

    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["Dữ liệu gửi lên không hợp lệ"]}}


def test_a_json_body_nested_deeper_than_the_parser_can_go_is_400(browser_client, article):
    _, _, token = new_captcha(browser_client)
    body = '{"score":' + "[" * 5000 + "]" * 5000 + "}"

    response = browser_client.post(
        api_url(article), body, content_type="application/json", headers={"X-CSRFToken": token}
    )

    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["Dữ liệu gửi lên không hợp lệ"]}}
    assert not Vote.objects.exists()


def test_a_vote_without_the_csrf_token_is_refused(browser_client, article):
    key, answer, _ = new_captcha(browser_client)

    response = browser_client.post(
        api_url(article), {"score": 4, "captcha_0": key, "captcha_1": answer}
    )

    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_a_second_vote_from_the_same_browser_is_409(browser_client, article):
    assert post_vote(browser_client, article).status_code == 201

    response = post_vote(browser_client, article)

    assert response.status_code == 409
    assert response.json() == {"errors": {"__all__": ["Bạn đã đánh giá bài viết này"]}}
    assert Vote.objects.count() == 1


def test_the_aggregate_tells_a_browser_it_has_voted(browser_client, article):
    post_vote(browser_client, article)

    assert browser_client.get(api_url(article)).json()["voted"] is True


def test_the_aggregate_gives_this_browser_its_own_score(browser_client, article):
    make_votes(article, [1, 1])
    post_vote(browser_client, article, score=4)

    body = browser_client.get(api_url(article)).json()

    assert body["your_score"] == 4
    assert body["count"] == 3


def test_another_browser_gets_no_score_of_its_own(browser_client, client, article):
    post_vote(browser_client, article, score=4)

    assert client.get(api_url(article)).json()["your_score"] is None


def test_an_accepted_vote_answers_the_score_just_given(browser_client, article):
    response = post_vote(browser_client, article, score=2)

    assert response.status_code == 201
    assert response.json()["your_score"] == 2


def test_a_vote_on_an_article_that_is_not_public_is_404(browser_client):
    article = make_article(status="draft")

    response = post_vote(browser_client, article)

    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_too_many_votes_from_one_network_is_429_with_retry_after(settings, browser_client):
    settings.RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY = 2
    for _ in range(2):
        browser_client.cookies.pop("vpcp_voter", None)
        assert post_vote(browser_client, make_article()).status_code == 201

    browser_client.cookies.pop("vpcp_voter", None)
    response = post_vote(browser_client, make_article())

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 86400
    assert response.json() == {
        "errors": {"__all__": ["Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau"]}
    }


def test_too_many_attempts_from_one_network_is_429(settings, browser_client, article):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 3
    key, _, token = new_captcha(browser_client)
    post_vote(browser_client, article, key=key, answer="sai", token=token)
    post_vote(browser_client, article, key=key, answer="sai", token=token)

    response = browser_client.get("/api/ratings/captcha/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_network_limit_holds_for_another_address_in_the_same_24_network(settings, article):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 1
    Client(REMOTE_ADDR="203.0.113.5").get("/api/ratings/captcha/")

    assert Client(REMOTE_ADDR="203.0.113.99").get("/api/ratings/captcha/").status_code == 429
    assert Client(REMOTE_ADDR="203.0.114.99").get("/api/ratings/captcha/").status_code == 200


def test_a_client_spoofing_another_forwarded_address_each_time_still_meets_the_limit(settings):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 3
    client = Client(REMOTE_ADDR="203.0.113.5")

    def spoofed(n):
        return client.get(
            "/api/ratings/captcha/",
            headers={"X-Forwarded-For": f"198.{n}.{n}.{n}", "X-Real-IP": f"192.{n}.0.{n}"},
        )

    assert [spoofed(n).status_code for n in range(1, 4)] == [200, 200, 200]
    assert spoofed(4).status_code == 429


def test_requests_without_a_trustworthy_address_share_one_limit(settings):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 1
    Client(REMOTE_ADDR="").get("/api/ratings/captcha/")

    assert Client(REMOTE_ADDR="not an address").get("/api/ratings/captcha/").status_code == 429


def test_a_vote_on_a_scheduled_article_is_404_until_its_time_comes(browser_client):
    article = make_article(published_at=timezone.now() + timedelta(hours=1))

    refused = post_vote(browser_client, article)
    article.published_at = timezone.now() - timedelta(minutes=1)
    article.save(update_fields=["published_at"])
    accepted = post_vote(browser_client, article)

    assert refused.status_code == 404
    assert accepted.status_code == 201
    assert list(Vote.objects.values_list("article_id", flat=True)) == [article.pk]


def test_the_aggregate_a_vote_answers_is_the_one_stored(browser_client, article):
    make_votes(article, [5, 1])

    body = post_vote(browser_client, article, score=3).json()

    stored = RatingSummary.objects.get(pk=article.pk)
    assert body["count"] == stored.count == 3
    assert body["histogram"] == stored.histogram == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1}
    assert Vote.objects.filter(article=article, score=3).count() == 1


def test_a_held_vote_answers_the_aggregate_without_it(browser_client, article):
    post_vote(browser_client, article, score=5)

    second = post_vote(Client(enforce_csrf_checks=True), article, score=1)  # same address

    assert second.status_code == 201 and second.json()["held"] is True
    assert second.json()["count"] == 1
    assert RatingSummary.objects.get(pk=article.pk).held == 1


def test_a_vote_sent_without_any_captcha_is_asked_for_one(browser_client, article):
    _key, _answer, token = new_captcha(browser_client)
    response = browser_client.post(
        api_url(article), {"score": 4, **paid()}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["captcha"] == ["Nhập mã xác nhận trong hình"]
