"""The widget pays the proof of work of a vote in the reader's browser:
the page's own script solves the challenge that came with the captcha, and
the vote it sends is accepted; the proof cannot be sent again."""

import base64
import json
from urllib.parse import parse_qs

import pytest

from ratings.models import Vote
from tests.browsers import TIMEOUT_MS, needs_chromium
from tests.factories import make_article
from tests.ratings.factories import captcha_answer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def csrf_cookie(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def test_the_widget_solves_the_proof_of_work_and_its_vote_counts(page, live_server):
    article = make_article(title="Bài viết có kiểm tra tự động")
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("#danh-gia label.rating-star[for$='-4']").click()
    page.get_by_label("Nhập mã xác nhận trong hình").wait_for()
    key = page.locator("[data-captcha-key]").input_value()
    page.locator("[data-captcha-answer]").fill(captcha_answer(key))

    with page.expect_request(lambda r: r.method == "POST" and "/api/ratings/" in r.url) as sent:
        page.get_by_role("button", name="Gửi đánh giá").click()
    page.locator("[data-rating-status]").get_by_text("Cảm ơn bạn đã đánh giá").wait_for()

    payload = parse_qs(sent.value.post_data)["altcha"][0]
    solved = json.loads(base64.b64decode(payload))
    assert solved["algorithm"] == "SHA-256" and isinstance(solved["number"], int)
    assert Vote.objects.filter(article=article, score=4).count() == 1

    replay = page.request.post(
        live_server.url + f"/api/ratings/{article.pk}/",
        form={"score": "5", "altcha": payload},
        headers={"X-CSRFToken": csrf_cookie(page)},
    )
    assert replay.status == 400
    assert replay.json()["errors"]["altcha"] == [
        "Bước kiểm tra tự động đã hết hạn hoặc đã được dùng, vui lòng gửi lại đánh giá"
    ]
