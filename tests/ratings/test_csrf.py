"""CSRF refusals told honestly: the API answers its JSON with a Vietnamese
message (cookies blocked, or a page older than its cookie), pages answer the
Vietnamese CSRF page, and nothing is stored."""

import pytest

from ratings.models import Vote
from tests.ratings.factories import new_captcha

pytestmark = pytest.mark.django_db


def _vote(client, article, key, answer, token):
    return client.post(
        f"/api/ratings/{article.pk}/",
        {"score": 4, "captcha_0": key, "captcha_1": answer},
        HTTP_X_CSRFTOKEN=token,
    )


def test_a_vote_from_a_browser_that_blocks_cookies_asks_to_allow_them(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    browser_client.cookies.clear()  # the browser kept none of the cookies it was sent

    response = _vote(browser_client, article, key, answer, token)

    assert response.status_code == 403
    assert response.json() == {"errors": {"__all__": ["Vui lòng cho phép cookie để gửi đánh giá"]}}
    assert not Vote.objects.exists()


def test_a_vote_with_a_stale_token_asks_to_reload_the_page(browser_client, article):
    key, answer, _ = new_captcha(browser_client)

    response = _vote(browser_client, article, key, answer, "x" * 32)

    assert response.status_code == 403
    message = response.json()["errors"]["__all__"][0]
    assert message.startswith("Phiên làm việc đã thay đổi, vui lòng tải lại trang")
    assert not Vote.objects.exists()


def test_the_rating_page_without_cookies_shows_the_vietnamese_csrf_page(browser_client, article):
    response = browser_client.post(f"/danh-gia/{article.pk}/", {"score": 4})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="vi">' in html
    assert "Vui lòng cho phép cookie cho trang này" in html
    assert "Forbidden" not in html and "CSRF" not in html
    assert not Vote.objects.exists()
