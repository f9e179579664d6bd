"""A reader whose browser blocks cookies (Chromium's own setting, in a real
browser) solves the captcha and is told to allow cookies, not to try later."""

import json
import os

import pytest

from ratings.models import Vote
from tests.factories import make_article
from tests.ratings.test_browser import CHROMIUM, CHROMIUM_ARGS, rate_with_the_captcha

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]

# Chromium's "Block all cookies" (chrome://settings/cookies), as its profile stores it.
BLOCK_COOKIES = {"profile": {"default_content_setting_values": {"cookies": 2}}}


@pytest.fixture
def cookieless_page(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    (tmp_path / "Default").mkdir()
    (tmp_path / "Default" / "Preferences").write_text(json.dumps(BLOCK_COOKIES))
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport={"width": 390, "height": 844},
            locale="vi-VN",
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_a_reader_blocking_cookies_is_asked_to_allow_them(cookieless_page, live_server):
    page = cookieless_page
    article = make_article(title="Bài viết đọc khi chặn cookie")
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("document.cookie = 'thu=1'; document.cookie") == ""  # blocked

    rate_with_the_captcha(page, 4)

    status = page.locator("[data-rating-status]")
    status.get_by_text("Vui lòng cho phép cookie để gửi đánh giá").wait_for()
    assert "thử lại sau" not in status.inner_text()
    assert not Vote.objects.exists()
