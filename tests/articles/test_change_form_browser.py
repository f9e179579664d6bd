"""The change form in a real browser, as an editor with a real headline
sees it at 1280 px: the title box shows a 70-character headline whole and
the body editor starts at least ten lines tall; on a phone the title box
wraps the headline, still one line of text, and shows it whole."""

import os

import pytest

from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context, sign_in_page
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
HEADLINE = "Đẩy mạnh giải ngân vốn đầu tư công, bảo đảm tăng trưởng kinh tế bền vững"
HEADLINE_74 = "Đẩy mạnh giải ngân vốn đầu tư công để bảo đảm tăng trưởng kinh tế bền vững"


def test_the_add_form_shows_a_long_headline_whole_and_a_tall_editor(browser, live_server):
    editor = make_user("bientap", group="Biên tập viên")
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    sign_in_page(page, live_server.url, editor.username, "/quan-tri/articles/article/add/")
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.wait_for()

    page.fill("#id_title", HEADLINE)

    shown, needed = page.eval_on_selector("#id_title", "e => [e.clientWidth, e.scrollWidth]")
    assert len(HEADLINE) >= 70 and needed <= shown
    height = body.bounding_box()["height"]  # empty, as an editor finds it
    body.click()
    page.keyboard.insert_text("Một dòng")
    line = body.locator("p").first.bounding_box()["height"]
    assert height >= 10 * line
    context.close()


def open_add_form(browser, live_server, device):
    """The add form as an editor sees it on `device`, its body editor ready."""
    editor = make_user("bientap", group="Biên tập viên")
    context = open_context(browser, device)
    page = context.new_page()
    sign_in_page(page, live_server.url, editor.username, "/quan-tri/articles/article/add/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()
    return context, page


def title_box(page):
    """The title box's visible and needed sizes, its edges and line height."""
    return page.eval_on_selector(
        "#id_title",
        "e => ({shown: [e.clientWidth, e.clientHeight], needed: [e.scrollWidth, e.scrollHeight],"
        " left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right,"
        " line: parseFloat(getComputedStyle(e).lineHeight), value: e.value})",
    )


def test_on_a_phone_the_title_box_shows_a_74_character_headline_whole(browser, live_server):
    headline = HEADLINE_74
    assert len(headline) == 74
    context, page = open_add_form(browser, live_server, PHONE)

    page.fill("#id_title", headline)
    page.focus("#id_title")
    page.keyboard.press("End")
    page.keyboard.press("Enter")  # a headline is one line: Enter breaks nothing
    if shots := os.environ.get("DESK_SCREENSHOTS"):
        page.locator("#id_title").scroll_into_view_if_needed()
        page.screenshot(path=f"{shots}/change-form-title-390.png")

    box = title_box(page)
    assert box["value"] == headline
    assert box["needed"][0] <= box["shown"][0] and box["needed"][1] <= box["shown"][1]
    assert box["left"] >= 0 and box["right"] <= 390
    assert box["shown"][1] >= 2 * box["line"]  # wrapped, not cut
    context.close()


def test_at_1280_px_the_title_box_is_one_line_tall(browser, live_server):
    context, page = open_add_form(browser, live_server, DESKTOP)

    page.fill("#id_title", HEADLINE)

    box = title_box(page)
    assert box["needed"][1] <= box["shown"][1] < 2 * box["line"]
    context.close()
