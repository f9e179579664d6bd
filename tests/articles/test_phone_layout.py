"""The portal on a phone (390 px, touch) and a desktop (1280 px), in Chromium:
the menu behind one button, compact cards, the search at hand."""

import pytest

from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import image_upload, make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def newsroom():
    category = make_category(name="Kinh tế")
    for n in range(3):
        make_article(title=f"Tin kinh tế số {n}", category=category, lead_image=image_upload())
    return category


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_on_a_phone_the_menu_opens_and_closes_behind_one_button(
    browser, live_server, newsroom, javascript
):
    context = open_context(browser, PHONE, javascript=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/")
    link = page.locator(".main-nav").get_by_role("link", name="Kinh tế")
    button = page.locator(".main-nav label", has_text="Danh mục")

    assert link.is_hidden()
    button.click()
    assert link.is_visible()
    link_box = link.bounding_box()
    button.click()
    assert link.is_hidden()
    context.close()
    assert link_box["width"] > 300  # one link a line, easy to tap


def test_the_phone_menu_opens_from_the_keyboard(browser, live_server, newsroom):
    context = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")

    page.locator("#menu-toggle").focus()
    page.keyboard.press("Space")

    assert page.locator(".main-nav").get_by_role("link", name="Kinh tế").is_visible()
    context.close()


def test_on_a_desktop_the_menu_is_a_row_of_links_without_a_button(browser, live_server, newsroom):
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/")

    links = page.locator(".main-nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}

    assert page.locator(".main-nav label", has_text="Danh mục").is_hidden()
    assert len(tops) == 1
    context.close()


def card_geometry(page, category):
    """The boxes of the category block's first card, its image and its title,
    read from one layout (one script) once the page has been drawn, so that
    no box is taken in the middle of a relayout of a busy machine."""
    card = page.locator(f"section[aria-labelledby='cm-{category.slug}'] .card").first
    card.wait_for()
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")
    return card.evaluate(
        """card => [card, card.querySelector("img"), card.querySelector(".card-title")]
            .map(element => element.getBoundingClientRect())
            .map(box => ({x: box.x, y: box.y, width: box.width, height: box.height}))"""
    )


def test_on_a_phone_cards_are_compact_with_the_thumbnail_beside_the_title(
    browser, live_server, newsroom
):
    context = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")

    card, image, title = card_geometry(page, newsroom)

    assert image["width"] < card["width"] / 3
    assert image["x"] + image["width"] <= title["x"]
    assert card["height"] < 120
    context.close()


def test_on_a_desktop_cards_show_the_image_above_the_title(browser, live_server, newsroom):
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/")

    card, image, title = card_geometry(page, newsroom)

    assert image["y"] + image["height"] <= title["y"]
    assert image["width"] == pytest.approx(card["width"], abs=1)
    context.close()


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_search_box_is_in_the_first_screen_of_every_page(
    browser, live_server, newsroom, device
):
    article = newsroom.articles.first()
    context = open_context(browser, device)
    page = context.new_page()
    for path in ["/", newsroom.get_absolute_url(), article.get_absolute_url()]:
        page.goto(live_server.url + path, wait_until="networkidle")
        box = page.get_by_role("searchbox", name="Tìm kiếm").bounding_box()
        assert box["y"] + box["height"] < 200
        assert box["width"] >= 200
    context.close()


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_every_headline_of_the_home_lists_has_its_time(browser, live_server, newsroom, device):
    context = open_context(browser, device)
    page = context.new_page()
    page.goto(live_server.url + "/")

    items = page.locator(".latest .headline-list li")

    assert items.count() == 3
    for i in range(3):
        assert items.nth(i).locator("time").is_visible()
    context.close()


LONG_LINK = (
    "https://vanban.chinhphu.vn/?pageid=27160&docid=212345&tagid=6&type=1&classid=1&orggroupid=4"
)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_pasted_link_in_a_title_or_summary_wraps_instead_of_widening_the_page(
    browser, live_server, device
):
    article = make_article(
        title="Văn bản số " + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3,
        summary="Xem chi tiết tại " + LONG_LINK,
        is_featured=True,
    )
    context = open_context(browser, device)
    page = context.new_page()
    width = device["viewport"]["width"]
    for path in ["/", article.get_absolute_url(), "/tim-kiem/?q=v%C4%83n"]:
        page.goto(live_server.url + path)
        assert page.get_by_text(article.summary).count(), path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()
