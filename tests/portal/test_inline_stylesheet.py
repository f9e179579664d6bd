"""The portal's stylesheet travels inside every public page (one round trip
less before a phone paints), allowed by its hash in the Content-Security-Policy,
never by 'unsafe-inline'; the admin keeps its own policy."""

import base64
import hashlib
import re

import pytest
from django.urls import reverse

from tests.browsers import PHONE, needs_chromium, open_context
from tests.factories import image_upload, make_article, make_category

STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _directive(policy, name):
    return next(part.split()[1:] for part in policy.split(";") if part.split()[:1] == [name])


def _sha256_source(text):
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tim-kiem/?q=kinh+t%E1%BA%BF"])
def test_a_public_page_carries_its_stylesheet_inline_allowed_by_its_hash(client, path):
    response = client.get(path)
    styles = STYLE.findall(response.content.decode())
    style_src = _directive(response["Content-Security-Policy"], "style-src")

    assert len(styles) == 1 and ".site-header" in styles[0]
    assert "/*" not in styles[0]  # the file's comments stay in the file
    assert style_src == ["'self'", _sha256_source(styles[0])]
    assert 'rel="stylesheet" href="/static/css/portal' not in response.content.decode()


@pytest.mark.django_db
def test_the_admin_keeps_unsafe_inline_styles_without_the_public_hash(client):
    response = client.get(reverse("admin:login"))
    style_src = _directive(response["Content-Security-Policy"], "style-src")

    # A hash next to 'unsafe-inline' would make browsers ignore 'unsafe-inline'.
    assert style_src == ["'self'", "'unsafe-inline'"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@needs_chromium
def test_chromium_applies_the_inline_stylesheet_without_a_policy_violation(browser, live_server):
    make_article(
        title="Tin kinh tế", category=make_category(name="Kinh tế"), lead_image=image_upload()
    )
    context = open_context(browser, PHONE)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(live_server.url + "/")

    header_color = page.locator(".site-header").evaluate("e => getComputedStyle(e).color")
    menu_hidden = page.locator(".main-nav").get_by_role("link", name="Kinh tế").is_hidden()
    context.close()

    assert header_color == "rgb(255, 255, 255)"
    assert menu_hidden  # folded behind the "Danh mục" button by the stylesheet
    assert not [text for text in messages if "Content Security Policy" in text]
