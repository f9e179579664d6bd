"""Ratings that say what happened, in Chromium at 390 px and 1280 px: the
reader's own score labelled apart from the average, and after a reload a
vote held for a moderator, or hidden by one, said as such."""

import pytest

from ratings import services
from ratings.models import Vote
from tests.browsers import DESKTOP, PHONE, needs_chromium
from tests.factories import make_user
from tests.ratings.test_browser_own_score import page, rated_article, vote, wait_for_api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])
__all__ = ["page", "rated_article"]  # fixtures shared with test_browser_own_score


def status(page):
    return page.locator("[data-rating-status]")


def reload_and_wait(page):
    page.reload()
    wait_for_api(page)


def own_stars_label(page):
    """Where the visible "Điểm của bạn" label sits against the star row:
    {"text", "beside"} (its middle within the stars' height, before them
    on the line, or just above them when a phone's line is too short), or
    None while it is not shown."""
    label = page.locator("#danh-gia [data-rating-own-label]")
    if not label.is_visible():
        return None
    box, stars = label.bounding_box(), page.locator("#danh-gia .rating-stars").bounding_box()
    middle = box["y"] + box["height"] / 2
    same_line = stars["y"] <= middle <= stars["y"] + stars["height"]
    before = box["x"] + box["width"] <= stars["x"]
    above = 0 <= stars["y"] - (box["y"] + box["height"]) <= 8
    return {"text": label.inner_text(), "beside": (same_line and before) or above}


@DEVICES
def test_after_voting_the_readers_score_is_labelled_apart_from_the_average(
    page, live_server, rated_article
):
    page.goto(live_server.url + rated_article.get_absolute_url())
    wait_for_api(page)
    before = own_stars_label(page)

    vote(page, 3)

    status(page).get_by_text("Điểm của bạn: 3 sao").wait_for()
    after_vote = own_stars_label(page)
    reload_and_wait(page)
    status(page).get_by_text("Điểm của bạn: 3 sao").wait_for()
    after_reload = own_stars_label(page)

    assert before is None  # before a vote the stars are a choice, not a score
    assert after_vote == after_reload == {"text": "Điểm của bạn", "beside": True}
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 4,0 (3 lượt đánh giá)"
    )


@DEVICES
def test_a_held_vote_is_said_to_wait_for_a_moderator_after_a_reload(
    page, live_server, rated_article
):
    page.goto(live_server.url + rated_article.get_absolute_url())
    vote(page, 2)
    Vote.objects.filter(article=rated_article, score=2).update(state=Vote.State.HELD)

    reload_and_wait(page)

    status(page).get_by_text("Điểm của bạn: 2 sao, đang chờ kiểm duyệt").wait_for()
    assert page.locator("#danh-gia input[value='2']").is_checked()
    assert own_stars_label(page) == {"text": "Điểm của bạn", "beside": True}


@DEVICES
def test_a_hidden_vote_is_said_not_to_count_after_a_reload(page, live_server, rated_article):
    page.goto(live_server.url + rated_article.get_absolute_url())
    vote(page, 1)
    moderator = make_user("kiemduyet", group="Kiểm duyệt viên")
    services.hide_votes(votes=Vote.objects.filter(score=1), actor=moderator)

    reload_and_wait(page)

    status(page).get_by_text("không được tính vào điểm trung bình").wait_for()
    assert "1 sao" not in status(page).inner_text()
    assert page.locator("#danh-gia input[name=score]:checked").count() == 0
    assert own_stars_label(page) is None  # no stars claim a score that does not count
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 4,5 (2 lượt đánh giá)"
    )
