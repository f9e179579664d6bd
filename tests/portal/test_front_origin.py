"""A browser at the front of the stack `make stack` starts (the `stack`
fixture), on its port (not 80): its forms' POSTs carry an `Origin` with that
port, which the app checks against the Host nginx passes on
(docs/deployment.md, "nginx in front"). Signing in and voting go through, and
the addresses the app writes into pages keep the port."""

import json

import pytest
from captcha.models import CaptchaStore

from tests.browsers import DESKTOP, needs_chromium, open_context, sign_in_page
from tests.factories import make_article, make_user
from tests.portal.conftest import ON_THE_STACK
from tests.ratings.factories import paid
from tests.servers import Browser

pytestmark = [pytest.mark.system, ON_THE_STACK]


def origin(stack):
    """What a browser sends as `Origin` from a page of the front."""
    return {"Origin": stack.front}


def test_a_sign_in_post_with_the_browsers_origin_goes_through_the_front(stack):
    make_user("kiemduyetcong", group="Kiểm duyệt viên")
    desk = Browser(stack.front)
    desk.request("/quan-tri/login/")
    status, body = desk.request(
        "/quan-tri/login/?next=/quan-tri/",
        {
            "username": "kiemduyetcong",
            "password": "mat-khau-123",
            "csrfmiddlewaretoken": desk.cookie("csrftoken"),
            "next": "/quan-tri/",
        },
        headers={**origin(stack), "Referer": stack.front + "/quan-tri/login/"},
    )
    assert status == 200, body[:500]
    assert desk.cookie("sessionid")


def test_a_vote_post_with_the_browsers_origin_goes_through_the_front(stack):
    article = make_article(title="Tin đánh giá qua cổng trước")
    reader = Browser(stack.front)
    status, body = reader.request("/api/ratings/captcha/")
    assert status == 200, body
    issued = json.loads(body)
    answer = CaptchaStore.objects.get(hashkey=issued["key"]).response
    status, body = reader.request(
        f"/api/ratings/{article.pk}/",
        {"score": 4, "captcha_0": issued["key"], "captcha_1": answer, **paid(issued["altcha"])},
        headers={
            **origin(stack),
            "X-CSRFToken": issued["csrf_token"],
            "Referer": stack.front + article.get_absolute_url(),
        },
    )
    assert status == 201, body


def test_the_printed_address_of_a_page_keeps_the_fronts_port(stack):
    article = make_article(title="Tin in có địa chỉ")
    status, body = Browser(stack.front).request(article.get_absolute_url())
    assert status == 200
    assert f"{stack.front}{article.get_absolute_url()}" in body


@pytest.mark.browser
@needs_chromium
def test_chromium_signs_in_through_the_front(stack, browser):
    make_user("bientapcong", group="Biên tập viên")
    context = open_context(browser, DESKTOP)
    try:
        page = context.new_page()
        sign_in_page(page, stack.front, "bientapcong", "/quan-tri/")
        page.wait_for_url(f"{stack.front}/quan-tri/")
        assert page.locator("#user-tools").count() == 1
    finally:
        context.close()
