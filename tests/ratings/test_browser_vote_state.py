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


@DEVICES
def test_after_voting_the_readers_score_is_labelled_apart_from_the_average(
    page, live_server, rated_article
):
    page.goto(live_server.url + rated_article.get_absolute_url())

    vote(page, 3)

    status(page).get_by_text("Điểm của bạn: 3 sao").wait_for()
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
    assert page.locator("[data-rating-summary]").inner_text() == (
        "Điểm trung bình 4,5 (2 lượt đánh giá)"
    )
