"""A reader rates in a real browser (Playwright driving Debian's Chromium):
with the mouse, with the keyboard only, and with JavaScript off; the page's
script pays the vote's proof of work."""

import base64
import json
from urllib.parse import parse_qs

import pytest

from ratings.models import RatingSummary, Vote
from tests.browsers import TIMEOUT_MS, needs_chromium
from tests.factories import make_article
from tests.ratings.factories import captcha_answer, make_vote, make_votes

STAR_ON = "rgb(232, 162, 0)"

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


@pytest.fixture
def rated_article():
    article = make_article(title="Bài viết để đánh giá")
    make_votes(article, [5, 4])
    return article


def star(page, n):
    return page.locator(f"#danh-gia label.rating-star[for$='-{n}']")


def star_colour(page, n):
    return star(page, n).evaluate("label => getComputedStyle(label).color")


def type_captcha(page):
    key = page.locator("[data-captcha-key]").input_value()
    page.locator("[data-captcha-answer]").fill(captcha_answer(key))
    return key


def rate_with_the_captcha(page, n):
    """Choose n stars, type the captcha's answer and send, as a reader does."""
    star(page, n).click()
    page.get_by_label("Nhập mã xác nhận trong hình").wait_for()
    type_captcha(page)
    page.get_by_role("button", name="Gửi đánh giá").click()


def test_hovering_lights_the_stars_up_to_the_pointer(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())

    star(page, 3).hover()

    assert [star_colour(page, n) == STAR_ON for n in range(1, 6)] == [True] * 3 + [False] * 2


def test_a_mouse_reader_rates_and_sees_the_new_average(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())
    page.get_by_text("Điểm trung bình 4,5 (2 lượt đánh giá)").wait_for()

    rate_with_the_captcha(page, 3)

    status = page.locator("[data-rating-status]")
    status.get_by_text("Cảm ơn bạn đã đánh giá").wait_for()
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 4,0 (3 lượt đánh giá)"
    )
    assert Vote.objects.filter(article=rated_article, score=3).count() == 1


def test_a_reader_whose_vote_is_held_is_told_it_was_received_and_awaits_review(
    page, live_server, rated_article
):
    make_vote(rated_article, 5, ip="127.0.0.1")  # another reader at this address, today
    page.goto(live_server.url + rated_article.get_absolute_url())

    star(page, 1).click()
    page.get_by_label("Nhập mã xác nhận trong hình").wait_for()
    type_captcha(page)
    page.get_by_role("button", name="Gửi đánh giá").click()

    page.locator("[data-rating-status]").get_by_text("đang chờ kiểm duyệt").wait_for()
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 4,7 (3 lượt đánh giá)"
    )
    assert Vote.objects.held().filter(article=rated_article, score=1).count() == 1


def test_a_keyboard_only_reader_rates(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "score":
            break
    else:
        pytest.fail("the stars cannot be reached with the Tab key")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )

    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.get_by_label("Nhập mã xác nhận trong hình").wait_for()
    # Each arrow press may fetch a captcha: read the key once the last has come.
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "captcha_1"
    key = page.locator("[data-captcha-key]").input_value()
    page.keyboard.type(captcha_answer(key))
    page.keyboard.press("Enter")

    page.locator("[data-rating-status]").get_by_text("Cảm ơn bạn đã đánh giá").wait_for()
    assert outline != "none"
    assert page.locator("#danh-gia input[value='4']").is_checked()
    assert Vote.objects.filter(article=rated_article, score=4).count() == 2  # one was there


def test_the_stars_are_a_labelled_radio_group(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())

    group = page.get_by_role("group", name="Đánh giá")

    for n in range(1, 6):
        assert group.get_by_role("radio", name=f"{n} trên 5 sao").count() == 1


def test_a_wrong_captcha_shows_the_error_and_a_new_image_then_a_right_one_counts(
    page, live_server, rated_article
):
    page.goto(live_server.url + rated_article.get_absolute_url())
    star(page, 1).click()
    page.get_by_label("Nhập mã xác nhận trong hình").wait_for()
    first_key = page.locator("[data-captcha-key]").input_value()
    first_image = page.locator("[data-captcha-image]").get_attribute("src")

    page.locator("[data-captcha-answer]").fill("sai")
    page.get_by_role("button", name="Gửi đánh giá").click()

    page.get_by_text("Mã xác nhận không đúng, vui lòng thử lại").wait_for()
    page.wait_for_function(
        "key => document.querySelector('[data-captcha-key]').value !== key", arg=first_key
    )
    assert page.locator("[data-captcha-image]").get_attribute("src") != first_image
    assert page.locator("[data-captcha-answer]").get_attribute("aria-invalid") == "true"
    assert not Vote.objects.filter(article=rated_article, score=1).exists()

    type_captcha(page)
    page.get_by_role("button", name="Gửi đánh giá").click()

    page.locator("[data-rating-status]").get_by_text("Cảm ơn bạn đã đánh giá").wait_for()
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 3,3 (3 lượt đánh giá)"
    )


def test_a_reader_without_javascript_rates_through_the_rating_page(
    browser, live_server, rated_article
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + rated_article.get_absolute_url())

    star(page, 4).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url(f"**/danh-gia/{rated_article.pk}/?score=4")
    assert page.locator("input[name=score][value='4']").is_checked()
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Nhập mã xác nhận trong hình").fill(captcha_answer(key))
    page.get_by_role("button", name="Gửi đánh giá").click()

    page.wait_for_url(f"**{rated_article.get_absolute_url()}#danh-gia")
    assert "Cảm ơn bạn đã đánh giá" in page.locator(".messages").inner_text()
    assert RatingSummary.objects.get(article=rated_article).count == 3
    context.close()


def test_the_widget_fits_a_phone_screen(browser, live_server, rated_article):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + rated_article.get_absolute_url())

    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )

    assert widths[0] <= widths[1]
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


def test_a_captcha_heard_too_often_says_so_in_the_widget(
    page, live_server, rated_article, settings
):
    settings.RATINGS_CAPTCHA_LISTENINGS = 1
    # As where the browser cannot play the sound itself: the widget then asks
    # the server, which refuses this captcha's second listening.
    page.add_init_script("HTMLMediaElement.prototype.play = () => Promise.reject(new Error())")
    page.goto(live_server.url + rated_article.get_absolute_url())
    star(page, 4).click()
    listen = page.get_by_role("button", name="Nghe mã xác nhận")
    listen.wait_for()
    key = page.locator("[data-captcha-key]").input_value()
    page.request.get(f"{live_server.url}/api/ratings/captcha/{key}/audio.wav")  # heard once

    listen.click()

    error = page.locator("[data-error-for=captcha]")
    error.wait_for()
    assert "nghe mã xác nhận này nhiều lần" in error.inner_text()
    assert page.url.endswith(rated_article.get_absolute_url())  # not sent to a raw answer
