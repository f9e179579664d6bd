"""Overfull and broken request bodies: a 400 in the API's JSON or the
Vietnamese 400 page, and one WARNING log line without a traceback (oversized
ones are a 413: test_body_limits.py)."""

import logging

import pytest
from django.test import Client

from tests.factories import make_article

pytestmark = pytest.mark.django_db

# A file part in base64, cut short.
BROKEN_MULTIPART = (
    b'--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nQUJ\r\n--b--\r\n"
)
BODIES = {
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, within the size limit.
    "2,000 fields": ("application/x-www-form-urlencoded", "&".join(["f=1"] * 2000).encode()),
    "broken multipart": ("multipart/form-data; boundary=b", BROKEN_MULTIPART),
    "multipart without a boundary": ("multipart/form-data", b"score=4"),
}


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True, headers={"user-agent": "Mozilla/5.0 (pytest)"})


def _post(client, caplog, path, body):
    content_type, data = BODIES[body]
    with caplog.at_level(logging.INFO):
        response = client.post(path.format(make_article().pk), data, content_type=content_type)
    assert [r.name for r in caplog.records if r.levelno == logging.WARNING] == ["vpcp.bad_request"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    return response


@pytest.mark.parametrize("body", BODIES, ids=list(BODIES))
def test_a_bad_body_sent_to_the_api_is_a_json_400(browser, caplog, body):
    response = _post(browser, caplog, "/api/ratings/{}/", body)

    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["Dữ liệu gửi lên không hợp lệ"]}}


@pytest.mark.parametrize("body", BODIES, ids=list(BODIES))
def test_a_bad_body_sent_to_a_page_is_the_vietnamese_400_page(browser, caplog, body):
    response = _post(browser, caplog, "/danh-gia/{}/", body)

    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Yêu cầu không hợp lệ" in html
    assert "Bad Request" not in html


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_a_method_the_rating_api_does_not_take_is_refused_in_vietnamese_json(method):
    client = Client()  # a script: CSRF is not what stops it here
    response = getattr(client, method)(f"/api/ratings/{make_article().pk}/")
    assert response.status_code == 405
    assert response.json() == {"errors": {"__all__": ["Phương thức yêu cầu không được hỗ trợ"]}}
    assert response["Allow"]


def test_a_post_to_a_public_page_gets_the_vietnamese_405_page(client):
    response = client.post(make_article().get_absolute_url())
    assert response.status_code == 405
    assert "Yêu cầu không được hỗ trợ" in response.content.decode()
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "path", ["/", "article", "/tim-kiem/?q=luat", "/khong-co-trang-nay/", "/admin/"]
)
def test_a_request_for_another_sites_host_is_refused_with_a_400_page_not_a_500(path):
    # Scanners send any Host; the front passes it on (nginx's default server).
    client = Client(raise_request_exception=False)
    article = make_article()
    client.get(
        article.get_absolute_url()
    )  # a cached page's path: refused above the security layers

    response = client.get(
        article.get_absolute_url() if path == "article" else path, HTTP_HOST="evil.example"
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Yêu cầu không hợp lệ" in text and "evil.example" not in text
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_request_for_another_sites_host_on_the_api_gets_its_json_400():
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/khong-co", HTTP_HOST="evil.example")

    assert response.status_code == 400 and "errors" in response.json()
