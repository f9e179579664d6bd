"""A long article's change form in a real browser, as an approver meets it:
with a 3,000-word body the form is several screens tall, so the workflow
buttons are at its top as well as at its bottom (under the save buttons, in
that order for the keyboard, told apart for screen readers), and
"Duyệt và xuất bản" pressed at the top publishes."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from tests.articles.desk import change_url
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context, sign_in_page
from tests.factories import make_article, make_user
from tests.staff.signing_in import app_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    pytest.mark.second_factor,
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {**DESKTOP, "viewport": {"width": 1280, "height": 800}}
HEADLINE = "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng Mười một năm 2024"
PARAGRAPH = (
    "Chính phủ yêu cầu các bộ, ngành và địa phương tập trung tháo gỡ khó khăn, "
    "đẩy nhanh tiến độ giải ngân vốn đầu tư công, cải thiện môi trường kinh doanh "
    "và bảo đảm an sinh xã hội cho người dân trong những tháng cuối năm. "
)


def long_body(words=3000):
    """`words` words of Vietnamese prose in paragraphs of about 50 words."""
    paragraph_words = len(PARAGRAPH.split())
    count = -(-words // paragraph_words)
    return "".join(f"<p>{PARAGRAPH}</p>" for _ in range(count))


def open_as_approver(browser, live_server, article, device, **options):
    """The change form of `article` opened by an approver who signed in with
    their password and their app's code (so publishing is not refused);
    `options`: the browser context's (bypass_csp to load axe-core)."""
    approver = make_user("duyettin", group="Duyệt tin")
    app = TOTPDevice.objects.create(user=approver, name="Ứng dụng xác thực", confirmed=True)
    context = open_context(browser, {**device, **options})
    page = context.new_page()
    sign_in_page(page, live_server.url, approver.username, change_url(article))
    page.fill("#id_code", app_code(app))
    page.click("input[type=submit]")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()
    return context, page


def submitted_long_article():
    body = long_body()
    assert len(body.replace("<p>", " ").replace("</p>", " ").split()) >= 3000
    return make_article(
        title=HEADLINE, body=body, status=Article.Status.SUBMITTED, published_at=None
    )


def tab_order(page, start, steps):
    """What the keyboard focuses in turn from `start` (a selector): each as
    its name attribute, else its id, else its text."""
    page.focus(start)
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.name || e.id || e.textContent.trim(); }"
            )
        )
    return seen


def test_the_approver_publishes_a_3000_word_article_from_the_top_of_the_form(browser, live_server):
    article = submitted_long_article()
    context, page = open_as_approver(browser, live_server, article, LAPTOP)
    if shots := os.environ.get("DESK_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/change-form-top-1280.png")

    assert page.evaluate("document.documentElement.scrollHeight") > 4 * 800
    top = page.get_by_role("group", name="Thao tác duyệt (đầu trang)")
    bottom = page.get_by_role("group", name="Thao tác duyệt (cuối trang)")
    publish = top.get_by_role("button", name="Duyệt và xuất bản", exact=True)
    box = publish.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800  # in the first screen
    assert (
        bottom.get_by_role("button").all_inner_texts()
        == top.get_by_role("button").all_inner_texts()
    )
    # The keyboard meets the save buttons, then the workflow ones, then the fields.
    order = tab_order(page, "#article_form .submit-row input[name=_save]", 12)
    assert order.index("_publish") < order.index("title")
    assert {"_save", "_continue"}.isdisjoint(order[order.index("_publish") :])

    publish.click()
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    context.close()


def test_the_top_workflow_buttons_break_no_accessibility_rule(browser, live_server):
    context, page = open_as_approver(
        browser, live_server, submitted_long_article(), LAPTOP, bypass_csp=True
    )
    page.add_script_tag(path=str(AXE))

    found = page.evaluate(
        "async () => (await axe.run({include: [['.desk-actions']]},"
        " {resultTypes: ['violations']})).violations.map(v => v.id)"
    )

    assert found == []
    context.close()


@pytest.mark.parametrize("device", [LAPTOP, PHONE], ids=["1280", "390"])
def test_the_top_workflow_buttons_are_seen_on_a_phone_and_a_desktop(browser, live_server, device):
    context, page = open_as_approver(browser, live_server, submitted_long_article(), device)
    width = device["viewport"]["width"]
    if shots := os.environ.get("DESK_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/change-form-top-{width}-viewport.png")

    buttons = page.locator(".desk-actions--top input[type=submit]")
    boxes = [buttons.nth(n).bounding_box() for n in range(buttons.count())]
    assert boxes and all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
