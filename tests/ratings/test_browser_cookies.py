"""A reader whose browser blocks cookies (Chromium's own setting, in a real
browser) solves the captcha and is told to allow cookies, not to try later."""

import json

import pytest

from ratings.models import Vote
from tests.browsers import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS, needs_chromium
from tests.factories import make_article
from tests.ratings.test_browser import rate_with_the_captcha

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

# Chromium's "Block all cookies" (chrome://settings/cookies), as its profile stores it.
BLOCK_COOKIES = {"profile": {"default_content_setting_values": {"cookies": 2}}}


@pytest.fixture
def cookieless_page(browser, tmp_path):
    """A phone's page in a Chromium profile that blocks all cookies (its own
    browser process: a profile's settings belong to the process)."""
    (tmp_path / "Default").mkdir()
    (tmp_path / "Default" / "Preferences").write_text(json.dumps(BLOCK_COOKIES))
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="vi-VN", **PHONE
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


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
