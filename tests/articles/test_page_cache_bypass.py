"""One client cannot make the page cache render for everybody."""

import time

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def signed_messages_cookie(text):
    storage = default_storage(HttpRequest())
    storage.add(constants.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies["messages"].value


def test_random_query_strings_are_redirected_to_the_cached_page_without_a_render(client, renders):
    url = make_article().get_absolute_url()
    client.get(url)
    for n in range(20):
        response = client.get(f"{url}?r={n}&utm_source=x{n}")
        assert response.status_code == 301
        assert response["Location"] == url
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert renders.count == 1


def test_a_search_is_keyed_by_its_normalised_text(client, renders):
    make_article(title="Thi đua đổi mới")
    search = reverse("articles:search")
    assert client.get(search + "?q=thi+dua").status_code == 200
    for variant in (
        "?q=++thi%20%20dua+",
        "?utm=1&q=thi+dua",
        "?q=thi+dua&trang=1",
        "?q=a&q=thi+dua",
    ):
        response = client.get(search + variant)
        assert (response.status_code, response["Location"]) == (301, search + "?q=thi+dua")
    assert client.get(search + "?q=thi+dua")["X-Page-Cache"] == "hit"
    assert renders.count == 1


def test_a_page_number_has_one_url(client):
    url = "/tim-kiem/?q=thi+dua"
    assert client.get(url + "&trang=02")["Location"] == url + "&trang=2"
    assert client.get(url + "&trang=1")["Location"] == url


def test_junk_and_forged_messages_cookies_are_served_from_the_cache(client, renders):
    url = make_article().get_absolute_url()
    client.get(url)
    forged = signing.Signer(key="not-the-server-key", salt="django.contrib.messages").sign_object(
        [["__json_message", 0, 25, "Tin giả"]]
    )
    for junk in ("1", "x" * 3000, "abc:def:ghi", forged, signed_messages_cookie("ok")[:-3] + "AAA"):
        client.cookies["messages"] = junk
        response = client.get(url)
        assert response.status_code == 200
        assert "Tin giả" not in response.content.decode()
    assert renders.count == 1


def test_a_signed_message_is_rendered_once_and_shown(client, renders):
    url = make_article().get_absolute_url()
    client.get(url)
    client.cookies["messages"] = signed_messages_cookie("Cảm ơn bạn đã đánh giá")
    response = client.get(url)
    assert "Cảm ơn bạn đã đánh giá" in response.content.decode()
    assert response.cookies["messages"].value == ""  # shown once, then deleted
    assert renders.count == 2
    again = client.get(url)
    assert "Cảm ơn bạn đã đánh giá" not in again.content.decode()
    assert renders.count == 2


def test_a_signed_message_replayed_after_a_minute_is_served_from_the_cache(
    client, renders, monkeypatch
):
    url = make_article().get_absolute_url()
    client.get(url)
    cookie = signed_messages_cookie("Cảm ơn bạn đã đánh giá")
    signed_at = time.time()
    # A script keeps the cookie and sends it again and again.
    monkeypatch.setattr(time, "time", lambda: signed_at + 61)
    for _ in range(5):
        client.cookies["messages"] = cookie
        response = client.get(url)
        assert "Cảm ơn bạn đã đánh giá" not in response.content.decode()
    assert renders.count == 1


def test_a_page_first_rendered_for_a_junk_messages_cookie_is_kept_for_everybody(client, renders):
    url = make_article().get_absolute_url()
    client.cookies["messages"] = "junk"
    assert client.get(url).status_code == 200
    del client.cookies["messages"]
    for _ in range(3):
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert renders.count == 1
