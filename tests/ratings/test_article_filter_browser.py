"""The vote list's article filter in a real browser: the moderator types a
few words of a headline without marks, picks the article, and the list
shows its votes only."""

import os

import pytest

from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context, sign_in_page
from tests.factories import make_article, make_user
from tests.ratings.factories import make_votes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
VOTES = "/quan-tri/ratings/vote/"


def open_vote_list(browser, live_server, device):
    moderator = make_user("kiemduyet", group="Kiểm duyệt viên")
    wanted = make_article(title="Phát động phong trào thi đua yêu nước trong toàn ngành năm mới")
    make_votes(wanted, [5, 4])
    for n in range(3):
        make_votes(make_article(title=f"Hội nghị trực tuyến toàn quốc về chuyển đổi số {n}"), [3])
    context = open_context(browser, device)
    page = context.new_page()
    sign_in_page(page, live_server.url, moderator.username, VOTES)
    page.wait_for_selector("#result_list")
    return context, page, wanted


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_moderator_filters_the_votes_by_an_article_typed_without_marks(
    browser, live_server, device
):
    context, page, wanted = open_vote_list(browser, live_server, device)
    shots = os.environ.get("DESK_SCREENSHOTS")

    page.click("#changelist-filter .vote-article-filter .select2-selection")
    page.fill(".select2-search__field", "thi dua")
    # A locator, not a handle: select2 redraws the results as answers arrive.
    choice = page.locator(".select2-results__option", has_text="thi đua")
    choice.wait_for(timeout=30_000)
    if shots:
        page.screenshot(
            path=f"{shots}/vote-filter-{device['viewport']['width']}.png", full_page=True
        )
    with page.expect_navigation(timeout=30_000):
        choice.click()

    assert f"article__id__exact={wanted.pk}" in page.url
    rows = page.eval_on_selector_all(
        "#result_list .field-article_title", "cells => cells.map(c => c.textContent)"
    )
    assert len(rows) == 2 and all("thi đua" in row for row in rows)
    shown = page.text_content(
        "#changelist-filter .vote-article-filter .select2-selection__rendered"
    )
    assert "thi đua" in shown
    if shots:
        page.screenshot(
            path=f"{shots}/vote-filtered-{device['viewport']['width']}.png", full_page=True
        )
    context.close()
