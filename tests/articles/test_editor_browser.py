"""What the editor makes, seen in a real browser (Playwright driving Debian's
Chromium): lists and tables as tight as hand-written HTML with a styled header
row, and the editor itself in Vietnamese with no glyph the fonts lack."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
EDITOR_BODY = (
    "<ul><li><p>Rà soát thể chế</p></li><li><p>Chuyển đổi số</p></li></ul>"
    "<table><tbody><tr><th><p>Chỉ tiêu</p></th><th><p>Kết quả</p></th></tr>"
    "<tr><td><p>Giải ngân</p></td><td><p>95%</p></td></tr></tbody></table>"
)


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser):
    context = open_context(browser, request.param)
    page = context.new_page()
    yield page
    context.close()


def style(page, selector, prop):
    return page.locator(selector).first.evaluate(
        f"el => getComputedStyle(el).getPropertyValue('{prop}')"
    )


def test_editor_lists_and_tables_are_tight_with_a_styled_header_row(page, client):
    article = make_article(body=EDITOR_BODY)
    # The page as the portal serves it, with its stylesheet, without a live
    # server: a public page's scripts would still be calling the server when
    # the next test starts.
    page.set_content(client.get(article.get_absolute_url()).content.decode())
    page.add_style_tag(path=str(Path(settings.BASE_DIR) / "static" / "css" / "portal.css"))
    for selector in [".article-body li > p", ".article-body td > p", ".article-body th > p"]:
        assert style(page, selector, "margin-top") == "0px", selector
        assert style(page, selector, "margin-bottom") == "0px", selector
    header, cell = ".article-body th", ".article-body td"
    assert style(page, header, "background-color") != style(page, cell, "background-color")
    assert style(page, header, "font-weight") == "700"


def test_the_editor_speaks_vietnamese_with_no_missing_glyph(page, live_server):
    make_user("bientap2", group="Biên tập viên")
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/articles/article/add/")
    page.fill("#id_username", "bientap2")
    page.fill("#id_password", "mat-khau-123")
    page.click("input[type=submit]")
    page.wait_for_selector(".prose-menubar [title='Chữ đậm']")
    labels = page.eval_on_selector_all(
        ".prose-menubar [title], .prose-menubar__option > *",
        "els => els.map(e => e.getAttribute('title') || e.textContent)",
    )
    english = [label for label in labels if re.fullmatch(r"[A-Za-z0-9 ]+", label)]
    assert len(labels) > 20 and english == []
    glyph = page.locator(".prose-menubar__selected").evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert "\u23f7" not in glyph  # the stock arrow, which the admin's fonts lack

    page.click(".prose-menubar [title='Chèn ảnh']")
    dialog = page.locator("dialog[open]")
    for text in ["Chèn ảnh", "Địa chỉ ảnh", "Mô tả ảnh", "Chú thích ảnh", "Tải ảnh lên", "Huỷ"]:
        assert text in dialog.inner_text()
