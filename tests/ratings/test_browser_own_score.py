"""Ratings that show themselves, in Chromium at 390 px (touch) and 1280 px:
the average drawn as partly filled stars, the reader's own score after a
reload, focus on the thank-you, and the hint for the reader's pointer."""

import pytest

from ratings.models import Vote
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import make_article
from tests.ratings.factories import captcha_answer, make_votes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])


@pytest.fixture
def rated_article():
    article = make_article(title="Bài viết để đánh giá")
    make_votes(article, [5, 4])
    return article


@pytest.fixture
def page(browser, device):
    context = open_context(browser, device)
    yield context.new_page()
    context.close()


def meter_width(page):
    return float(page.locator("[data-rating-meter-fill]").get_attribute("width"))


def wait_for_api(page):
    page.wait_for_load_state("networkidle")


def vote(page, score):
    page.locator(f"#danh-gia label.rating-star[for$='-{score}']").click()
    page.get_by_label("Nhập mã xác nhận trong hình").wait_for()
    key = page.locator("[data-captcha-key]").input_value()
    page.locator("[data-captcha-answer]").fill(captcha_answer(key))
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.locator("[data-rating-status]").get_by_text("Cảm ơn bạn đã đánh giá").wait_for()


@DEVICES
def test_the_average_is_drawn_as_partly_filled_stars(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())
    wait_for_api(page)

    assert meter_width(page) == pytest.approx(4.5 * 24)
    filled = page.locator(".rating-meter").bounding_box()
    assert filled["width"] == 120


@DEVICES
def test_the_stars_follow_the_api_when_the_cached_page_is_older(page, live_server, rated_article):
    url = live_server.url + rated_article.get_absolute_url()
    cached_copy = page.goto(url).text()  # what a cache kept: "Điểm trung bình 4,5"
    wait_for_api(page)
    make_votes(rated_article, [1, 1])
    # Serve the old copy again, as a page cache or a proxy would, whatever the
    # server's own page cache decides meanwhile.
    page.route(url, lambda route: route.fulfill(body=cached_copy, content_type="text/html"))

    page.reload()
    wait_for_api(page)

    assert "Điểm trung bình 4,5" in cached_copy
    assert meter_width(page) == pytest.approx(2.75 * 24)
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 2,8 (4 lượt đánh giá)"
    )


@DEVICES
def test_after_voting_focus_is_on_the_thank_you_message(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())

    vote(page, 3)

    focused = page.evaluate("document.activeElement.hasAttribute('data-rating-status')")
    assert focused
    assert page.locator("[data-rating-status]").get_attribute("role") == "status"
    assert meter_width(page) == pytest.approx(4.0 * 24)


@DEVICES
def test_after_a_reload_the_reader_sees_the_score_they_gave(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())
    vote(page, 2)

    page.reload()

    page.locator("[data-rating-status]").get_by_text("Điểm của bạn: 2 sao").wait_for()
    assert page.locator("#danh-gia input[value='2']").is_checked()
    assert page.get_by_role("button", name="Gửi đánh giá").is_hidden()
    assert Vote.objects.filter(article=rated_article).count() == 3


@pytest.mark.parametrize(
    ("device", "shown", "hidden"),
    [
        (PHONE, "Chạm vào ngôi sao để chọn điểm", "Di chuột vào ngôi sao để chọn điểm"),
        (DESKTOP, "Di chuột vào ngôi sao để chọn điểm", "Chạm vào ngôi sao để chọn điểm"),
    ],
    ids=["390px-touch", "1280px-mouse"],
)
def test_the_hint_names_the_readers_pointer(page, live_server, rated_article, shown, hidden):
    page.goto(live_server.url + rated_article.get_absolute_url())
    wait_for_api(page)

    assert page.get_by_text(shown).is_visible()
    assert page.get_by_text(hidden).is_hidden()
