"""The desk's article list in a real browser: at 1280 px every column is
seen whole, "Lượt xem" included, with a newsroom's real headlines."""

import os

import pytest

from articles.models import Article
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context, sign_in_page
from tests.factories import image_upload, make_article, make_category, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
CHANGELIST = "/quan-tri/articles/article/"
# Headlines as the newsroom writes them (62 to 70 characters).
HEADLINES = [
    "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng Mười một năm",
    "Đẩy mạnh giải ngân vốn đầu tư công, bảo đảm tăng trưởng kinh tế bền vững",
    "Công bố kết quả đánh giá chỉ số cải cách hành chính của các bộ, ngành",
]


def open_desk_list(browser, live_server, device):
    """The article list as an editor with a full name sees it on `device`."""
    editor = make_user("bientap", group="Biên tập viên")
    editor.first_name, editor.last_name = "Thị Thanh Hương", "Nguyễn"
    editor.save()
    category = make_category(name="Hoạt động của lãnh đạo Chính phủ")
    for n, title in enumerate(HEADLINES):
        make_article(title=title, category=category, created_by=editor, lead_image=image_upload())
        make_article(
            title=f"{title} (bản nháp {n})", status=Article.Status.DRAFT, category=category
        )
    Article.objects.filter(pk=Article.objects.first().pk).update(has_pending_revision=True)
    context = open_context(browser, device)
    page = context.new_page()
    sign_in_page(page, live_server.url, editor.username, CHANGELIST)
    page.wait_for_selector("#result_list")
    return context, page


def overflow(page):
    """How many px the list table is wider than the box that holds it."""
    return page.eval_on_selector(
        "#result_list",
        "table => table.scrollWidth - table.closest('.results').clientWidth",
    )


def test_the_article_list_fits_1280_px_with_every_column_seen(browser, live_server):
    context, page = open_desk_list(browser, live_server, DESKTOP)
    if shots := os.environ.get("DESK_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/desk-list-1280.png", full_page=True)

    assert overflow(page) <= 0
    headers = page.eval_on_selector_all(
        "#result_list thead th", "ths => ths.map(t => t.textContent)"
    )
    assert "Lượt xem" in [h.strip() for h in headers]
    right_edge = page.eval_on_selector(
        "#result_list th.column-reads", "th => th.getBoundingClientRect().right"
    )
    assert right_edge <= 1280
    context.close()


def test_on_a_phone_the_list_scrolls_inside_its_box_not_the_page(browser, live_server):
    context, page = open_desk_list(browser, live_server, PHONE)
    if shots := os.environ.get("DESK_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/desk-list-390.png", full_page=True)

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390
    assert page.is_visible("#result_list .field-title_column a")
    context.close()
