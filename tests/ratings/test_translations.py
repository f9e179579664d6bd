"""What a reader is told about the captcha is Vietnamese. The portal renders
its own captcha inputs and messages, so django-simple-captcha's English
("Invalid CAPTCHA", "Play CAPTCHA as audio file") must never reach a page or
an API answer."""

from html.parser import HTMLParser

import pytest

from tests.ratings.factories import paid
from tests.ratings.test_rate_page import form_fields, page_url

pytestmark = pytest.mark.django_db

ENGLISH = ["captcha", "invalid", "required", "this field", "audio"]


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside scripts and
    styles, plus alt, title, aria-label and placeholder attributes."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in {"script", "style", "template"}
        for name, value in attrs:
            if name in {"alt", "title", "aria-label", "placeholder"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        self.hidden -= tag in {"script", "style", "template"}

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


REFUSALS = pytest.mark.parametrize(
    ("answer", "message"),
    [("sai", "Mã xác nhận không đúng, vui lòng thử lại"), ("", "Nhập mã xác nhận trong hình")],
)


@REFUSALS
def test_a_refused_captcha_on_the_rating_page_is_explained_in_vietnamese_only(
    browser_client, article, answer, message
):
    fields = form_fields(browser_client.get(page_url(article, 4)))

    response = browser_client.post(page_url(article), {**fields, "score": "4", "captcha_1": answer})

    text = visible_text(response.content.decode())
    assert response.status_code == 400
    assert message in text
    assert not [word for word in ENGLISH if word in text.lower()], text


@REFUSALS
def test_a_refused_captcha_in_the_api_is_explained_in_vietnamese_only(
    browser_client, article, answer, message
):
    captcha = browser_client.get("/api/ratings/captcha/").json()

    response = browser_client.post(
        f"/api/ratings/{article.pk}/",
        {"score": "4", "captcha_0": captcha["key"], "captcha_1": answer, **paid(captcha["altcha"])},
        headers={"x-csrftoken": captcha["csrf_token"]},
    )

    assert response.status_code == 400
    assert response.json()["errors"]["captcha"] == [message]
