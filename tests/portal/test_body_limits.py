"""Request bodies bounded before they are read: a body over
PUBLIC_REQUEST_MAX_BYTES sent to a public endpoint (the read beacon, the
vote API, the rating page, search) or anonymously to the admin is answered
413 in the API's JSON or on the Vietnamese page; staff signed in to the
admin still send their images."""

import io

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core.body_limit import BodyLimitMiddleware
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LIMIT = 16 * 1024
OVER = b"x" * (LIMIT + 1)


@pytest.fixture
def script():
    return Client(headers={"user-agent": "Mozilla/5.0 (pytest)"})


@pytest.mark.parametrize("path", ["/api/doc/{}/", "/api/ratings/{}/"])
def test_a_body_over_the_limit_sent_to_the_api_is_a_json_413(script, path):
    response = script.post(path.format(make_article().pk), OVER, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"errors": {"__all__": ["Dữ liệu gửi lên quá lớn"]}}


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_a_body_over_the_limit_sent_to_a_page_is_the_vietnamese_413_page(script, method):
    paths = {"POST": f"/danh-gia/{make_article().pk}/", "GET": "/tim-kiem/?q=tin"}

    response = script.generic(method, paths[method], OVER, content_type="text/plain")

    assert response.status_code == 413
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Dữ liệu gửi lên quá lớn" in html


def test_a_body_within_the_limit_still_reaches_the_beacon(script):
    article = make_article()

    response = script.post(f"/api/doc/{article.pk}/", b"x" * LIMIT, content_type="text/plain")

    assert response.status_code == 204


def test_an_anonymous_post_to_the_admin_sign_in_is_bounded_too(script):
    response = script.post("/quan-tri/login/", OVER, content_type="application/octet-stream")

    assert response.status_code == 413


def test_staff_signed_in_to_the_admin_send_bodies_past_the_public_limit(admin_client):
    body = b"q=" + b"x" * (4 * LIMIT)

    response = admin_client.generic(
        "POST", "/quan-tri/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code != 413


def chunked_request(body):
    """A request whose body came chunked: no Content-Length, as gunicorn
    hands it on (the WSGI input yields the body, already de-chunked)."""
    request = RequestFactory().generic(
        "POST", "/api/doc/1/", content_type="text/plain", HTTP_TRANSFER_ENCODING="chunked"
    )
    request.META.pop("CONTENT_LENGTH", None)
    request.META["wsgi.input"] = io.BytesIO(body)
    return request


def test_a_chunked_body_within_the_limit_is_read_once_and_reaches_the_view():
    seen = []
    middleware = BodyLimitMiddleware(lambda request: seen.append(request.body) or HttpResponse())

    response = middleware(chunked_request(b"diem=5"))

    assert response.status_code == 200 and seen == [b"diem=5"]


def test_a_chunked_body_over_the_limit_is_refused_after_reading_at_most_the_limit():
    source = io.BytesIO(OVER + b"y" * LIMIT)
    request = chunked_request(b"")
    request.META["wsgi.input"] = source
    middleware = BodyLimitMiddleware(lambda request: HttpResponse())

    response = middleware(request)

    assert response.status_code == 413
    assert source.tell() == LIMIT + 1
