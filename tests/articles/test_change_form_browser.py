"""The change form in a real browser, as an editor with a real headline
sees it at 1280 px: the title box shows a 70-character headline whole and
the body editor starts at least ten lines tall."""

import pytest

from tests.browsers import DESKTOP, needs_chromium, open_context, sign_in_page
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
HEADLINE = "Đẩy mạnh giải ngân vốn đầu tư công, bảo đảm tăng trưởng kinh tế bền vững"


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
