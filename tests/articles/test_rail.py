"""What to read next on the article page, in Chromium: a right rail beside the
article at 1280 px, a block after it at 390 px, with Tin mới nhất, Đọc nhiều
and Cùng chuyên mục."""

import pytest
from django.utils import timezone

from readcounts.models import ReadCount
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
LISTS = ["Tin mới nhất", "Đọc nhiều", "Cùng chuyên mục"]


@pytest.fixture
def article():
    category = make_category(name="Kinh tế")
    main = make_article(title="Bài đang đọc", category=category)
    for n in range(6):  # Tin liên quan shows the first four; the rail the others
        make_article(title=f"Tin cùng chuyên mục {n}", category=category)
    popular = make_article(title="Tin nhiều người đọc", category=make_category())
    # Read this hour: the factory's publication times step back a minute per
    # article made in the session, so by the time this runs they may be
    # older than the Đọc nhiều window.
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    ReadCount.objects.create(article=popular, hour=hour, count=40)
    return main


def rail_list(page, heading):
    return page.locator(".rail section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_rail_offers_the_latest_the_most_read_and_the_same_category(
    browser, live_server, article, device
):
    context = open_context(browser, device)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")

    for heading in LISTS:
        assert rail_list(page, heading).is_visible()
    assert "Tin nhiều người đọc" in rail_list(page, "Đọc nhiều").inner_text()
    assert rail_list(page, "Cùng chuyên mục").inner_text().count("Tin cùng chuyên mục") == 2
    assert "Bài đang đọc" not in rail_list(page, "Tin mới nhất").inner_text()
    assert rail_list(page, "Tin mới nhất").locator("time").count() == 5
    context.close()


def test_on_a_desktop_the_rail_stands_beside_the_article(browser, live_server, article):
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")

    body = page.locator("article.article").bounding_box()
    rail = page.locator(".rail").bounding_box()

    assert rail["x"] >= body["x"] + body["width"]
    assert rail["y"] < body["y"] + body["height"] / 2
    context.close()


def test_on_a_phone_the_rail_comes_after_the_article(browser, live_server, article):
    context = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")

    body = page.locator("article.article").bounding_box()
    rail = page.locator(".rail").bounding_box()

    assert rail["y"] >= body["y"] + body["height"]
    assert rail["width"] == pytest.approx(body["width"], abs=2)
    context.close()
