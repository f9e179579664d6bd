"""The approver's change form in a real browser: the lead image readers see
now and the one an editor proposes, both drawn, side by side on a desktop
and one above the other on a phone."""

import os

import pytest

from articles.models import Article
from tests.articles.desk import change_form, change_url
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context, sign_in_page
from tests.factories import image_upload, make_article, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


def propose_new_lead_image(client):
    article = make_article(
        title="Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng Mười một năm",
        lead_image=image_upload(size=(1200, 675), color=(20, 120, 40)),
    )
    client.force_login(make_user("bientap", group="Biên tập viên"))
    form = change_form(
        article,
        lead_image=image_upload("anh-moi.jpg", size=(1200, 800), color=(30, 60, 160)),
        lead_image_caption="Thủ tướng phát biểu khai mạc phiên họp",
    )
    assert client.post(change_url(article), form).status_code == 302
    assert Article.objects.get(pk=article.pk).has_pending_revision
    return article


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_approver_sees_both_lead_images_drawn(browser, live_server, client, device):
    article = propose_new_lead_image(client)
    approver = make_user("duyettin", group="Duyệt tin")
    context = open_context(browser, device)
    page = context.new_page()
    sign_in_page(page, live_server.url, approver.username, change_url(article))
    figures = page.locator(".desk-lead-figure")
    figures.nth(1).locator("img").wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.desk-lead-preview')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    if shots := os.environ.get("DESK_SCREENSHOTS"):
        width = device["viewport"]["width"]
        page.locator(".desk-lead-images").scroll_into_view_if_needed()
        page.screenshot(path=f"{shots}/lead-images-{width}.png", full_page=True)

    # Both boxes from one layout: the body editor mounts after load and moves
    # everything under it, so two separate measurements can straddle that.
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.desk-lead-figure')]"
        ".map(figure => { const box = figure.getBoundingClientRect();"
        " return {x: box.x, y: box.y}; })"
    )
    captions = figures.locator("figcaption").all_text_contents()
    assert captions == ["Ảnh đang dùng", "Ảnh đề xuất, chờ duyệt"]
    side_by_side = boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]
    assert side_by_side is (device is DESKTOP)
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]
    context.close()
