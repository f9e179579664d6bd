"""The top of every page in Chromium, on a phone (390 px) and a desktop
(1280 px): the top strip in one line on a phone, the hotline still read out
by its name, the page's first line clear of the menu bar, and the agency's
pages at a reading width."""

import pytest
from django.conf import settings

from articles.demo_pages import seed_pages
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def portal(live_server):
    """The live server with a category and the agency's pages: {name: URL}."""
    category = make_category(name="Kinh tế")
    make_article(title="Tin kinh tế", category=category)
    seed_pages()
    return {
        "category": live_server.url + category.get_absolute_url(),
        "about": live_server.url + "/gioi-thieu/",
        "english": live_server.url + "/en/",
        "feeds": live_server.url + "/kenh-rss/",
    }


@pytest.mark.parametrize(
    ("name", "language_link"), [("about", "English"), ("english", "Tiếng Việt")]
)
def test_on_a_phone_the_top_strip_is_one_line_and_the_hotline_keeps_its_name(
    browser, portal, name, language_link
):
    context = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(portal[name])
    strip = page.locator(".top-strip")
    hotline = strip.get_by_role("link", name=f"Đường dây nóng: {settings.SITE_DETAILS['hotline']}")

    middles = [
        (box["y"] + box["height"] / 2)
        for box in (
            strip.locator(".date-line").bounding_box(),
            strip.get_by_role("link", name=language_link).bounding_box(),
            hotline.bounding_box(),
        )
    ]
    context.close()

    assert max(middles) - min(middles) < 4


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_first_line_of_every_page_stands_clear_of_the_menu_bar(browser, portal, device):
    context = open_context(browser, device)
    page = context.new_page()
    gaps = {}
    for name, url in portal.items():
        page.goto(url)
        menu_bottom = page.locator(".main-nav").bounding_box()
        first = page.locator("main > :first-child").first.bounding_box()
        gaps[name] = first["y"] - (menu_bottom["y"] + menu_bottom["height"])
    context.close()

    assert all(gap >= 16 for gap in gaps.values()), gaps


def test_on_a_desktop_an_agency_page_keeps_an_articles_reading_width(browser, portal):
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(portal["about"])

    text = page.locator(".agency-page").bounding_box()
    main = page.locator("main").bounding_box()
    context.close()

    assert text["width"] <= 780 < main["width"]
