"""The plain HTML rating page: rating with JavaScript off."""

import re

import pytest
from captcha.models import CaptchaStore

from ratings.models import Vote
from tests.factories import make_article
from tests.ratings.factories import captcha_answer

pytestmark = pytest.mark.django_db


def page_url(article, score=None):
    return f"/danh-gia/{article.pk}/" + (f"?score={score}" if score else "")


def form_fields(response):
    html = response.content.decode()
    return {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        "captcha_0": re.search(r'name="captcha_0" value="([0-9a-f]{40})"', html)[1],
    }


def submit(client, article, score="4", answer=None):
    fields = form_fields(client.get(page_url(article, score)))
    if answer is None:
        answer = captcha_answer(fields["captcha_0"])
    return client.post(page_url(article), {**fields, "score": score, "captcha_1": answer})


def test_the_rating_page_has_the_captcha_the_chosen_score_and_a_csrf_token(browser_client, article):
    response = browser_client.get(page_url(article, 4))

    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in html
    assert re.search(r'value="4" id="rating-page-4" checked', html)
    assert "Nhập mã xác nhận trong hình" in html
    assert re.search(r'<img class="rating-captcha-image" src="/captcha/image/[0-9a-f]{40}/"', html)
    assert 'alt="Hình mã xác nhận: các chữ cái cần nhập vào ô bên dưới' in html
    assert "Đổi mã khác" in html
    assert "Gửi đánh giá" in html


def test_the_rating_page_is_not_cached_nor_indexed(browser_client, article):
    response = browser_client.get(page_url(article))

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_right_answer_stores_the_vote_and_goes_back_to_the_article(browser_client, article):
    response = submit(browser_client, article, score="5")

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#danh-gia"
    assert Vote.objects.get(article=article).score == 5


def test_the_rating_page_gives_the_browser_its_voter_cookie(browser_client, article):
    response = browser_client.get(page_url(article, 4))

    assert response.cookies["vpcp_voter"]["httponly"]


def test_the_rating_page_keeps_the_voter_cookie_the_browser_has(browser_client, article):
    browser_client.get(page_url(article, 4))

    assert "vpcp_voter" not in browser_client.get(page_url(article, 4)).cookies


def test_the_vote_is_stored_with_the_token_the_rating_page_gave(browser_client, article):
    browser_client.get(page_url(article))
    given = browser_client.cookies["vpcp_voter"].value

    submit(browser_client, article, score="5")

    assert given.startswith(Vote.objects.get(article=article).voter_token)


def test_after_voting_the_article_page_thanks_the_reader(browser_client, article):
    submit(browser_client, article, score="5")

    html = browser_client.get(article.get_absolute_url()).content.decode()

    assert "Cảm ơn bạn đã đánh giá. Điểm trung bình 5,0 (1 lượt đánh giá)." in html


def test_a_wrong_answer_shows_the_error_and_a_new_captcha(browser_client, article):
    fields = form_fields(browser_client.get(page_url(article, 4)))

    response = browser_client.post(page_url(article), {**fields, "score": "4", "captcha_1": "sai"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Mã xác nhận không đúng, vui lòng thử lại" in html
    assert form_fields(response)["captcha_0"] != fields["captcha_0"]
    assert re.search(r'value="4" id="rating-page-4" checked', html)
    assert not Vote.objects.exists()


def test_a_missing_score_asks_for_one(browser_client, article):
    fields = form_fields(browser_client.get(page_url(article)))

    response = browser_client.post(
        page_url(article), {**fields, "captcha_1": captcha_answer(fields["captcha_0"])}
    )

    assert response.status_code == 400
    assert "Vui lòng chọn số sao từ 1 đến 5" in response.content.decode()


def test_a_second_vote_is_told_already_rated_on_the_page(browser_client, article):
    submit(browser_client, article)

    response = browser_client.get(page_url(article, 3))

    assert response.status_code == 200
    assert "Bạn đã đánh giá bài viết này" in response.content.decode()
    assert "captcha_0" not in response.content.decode()
    assert Vote.objects.count() == 1


def test_the_messages_cookie_is_minted_by_an_accepted_vote_only(browser_client, article):
    voted = submit(browser_client, article)
    assert voted.cookies["messages"].value  # the thanks, shown once on the article page
    browser_client.get(article.get_absolute_url())  # read: the cookie is cleared

    again = [browser_client.get(page_url(article, score)) for score in (1, 2, 3, 4, 5)]
    posted = submit_again(browser_client, article)

    assert all("messages" not in response.cookies for response in [*again, posted])
    assert "messages" not in browser_client.cookies or not browser_client.cookies["messages"].value


def submit_again(client, article):
    """A second vote posted with a fresh captcha taken from another article's page."""
    other = make_article()
    fields = form_fields(client.get(page_url(other, 4)))
    return client.post(
        page_url(article),
        {**fields, "score": "4", "captcha_1": captcha_answer(fields["captcha_0"])},
    )


def test_a_form_without_the_csrf_token_is_refused(browser_client, article):
    fields = form_fields(browser_client.get(page_url(article, 4)))
    answer = captcha_answer(fields["captcha_0"])

    response = browser_client.post(
        page_url(article), {"captcha_0": fields["captcha_0"], "captcha_1": answer, "score": "4"}
    )

    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_the_rating_page_of_an_article_that_is_not_public_is_404(browser_client):
    assert browser_client.get(page_url(make_article(status="draft"))).status_code == 404


def test_each_showing_of_the_rating_page_makes_one_captcha(browser_client, article):
    browser_client.get(page_url(article))

    assert CaptchaStore.objects.count() == 1


def test_too_many_attempts_show_the_message_without_a_captcha(settings, browser_client, article):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 1
    browser_client.get(page_url(article))

    response = browser_client.get(page_url(article))

    assert response.status_code == 429
    assert "Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau" in response.content.decode()
    assert CaptchaStore.objects.count() == 1
