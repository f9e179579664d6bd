"""The rating summaries list in a real browser, on a desk and on a phone: the
rated articles most voted first, the capped count's line, and the search box
finding a headline typed without marks."""

import os

import pytest

from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context, sign_in_page
from tests.factories import make_article, make_user
from tests.ratings.factories import make_votes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
SUMMARIES = "/quan-tri/ratings/ratingsummary/"


def titles(page):
    return page.eval_on_selector_all(
        "#result_list .field-article_title", "cells => cells.map(c => c.textContent.trim())"
    )


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_moderator_sees_the_most_voted_articles_first_and_finds_one_by_a_word(
    browser, live_server, device
):
    moderator = make_user("kiemduyet", group="Kiểm duyệt viên")
    make_votes(make_article(title="Hội nghị trực tuyến về chuyển đổi số"), [3])
    make_votes(make_article(title="Phát động phong trào thi đua yêu nước"), [5, 4, 4])
    make_votes(make_article(title="Công điện về ứng phó bão số 9"), [2, 5])
    context = open_context(browser, device)
    page = context.new_page()
    sign_in_page(page, live_server.url, moderator.username, SUMMARIES)
    page.wait_for_selector("#result_list")
    shots = os.environ.get("DESK_SCREENSHOTS")
    if shots:
        width = device["viewport"]["width"]
        page.screenshot(path=f"{shots}/summaries-{width}.png", full_page=True)

    assert titles(page) == [
        "Phát động phong trào thi đua yêu nước",
        "Công điện về ứng phó bão số 9",
        "Hội nghị trực tuyến về chuyển đổi số",
    ]
    assert "3 tổng hợp đánh giá" in page.text_content("#changelist-form")

    page.fill("#searchbar", "thi dua")
    with page.expect_navigation():
        page.press("#searchbar", "Enter")

    assert titles(page) == ["Phát động phong trào thi đua yêu nước"]
    context.close()
