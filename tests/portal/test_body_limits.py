"""Request bodies bounded before they are read: a body over
PUBLIC_REQUEST_MAX_BYTES sent to a public endpoint (the read beacon, the
vote API, the rating page, search) or anonymously to the admin is answered
413 in the API's JSON or on the Vietnamese page; staff signed in to the
admin still send their images."""

import pytest
from django.test import Client

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
