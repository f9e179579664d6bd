"""Plain requests for pages the process holds fresh are answered before
Django builds a request (pagecache/wsgi.py), exactly as Django answers them;
every other request still goes to Django."""

import logging

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory

from core.metrics import PAGE_CACHE, REQUEST_SECONDS
from pagecache import generation
from pagecache import wsgi as hits
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class Server:
    """The portal's WSGI entry point as gunicorn calls it, counting the
    requests that reach Django."""

    def __init__(self):
        self.django = get_wsgi_application()
        self.layer = hits.HitLayer(self._to_django)
        self.reached_django = 0

    def _to_django(self, environ, start_response):
        self.reached_django += 1
        return self.django(environ, start_response)

    def get(self, path, method="GET", data=None, **headers):
        factory = RequestFactory()
        request = factory.generic(method, path, data or "", **headers)
        environ = dict(request.environ)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=status, headers=response_headers)

        # As Django's test client does: the test's transaction stays open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = self.layer(environ, start_response)
            body = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()  # as a WSGI server does: Django's request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return answer["status"], dict(answer["headers"]), body


@pytest.fixture
def server():
    return Server()


def test_a_readers_third_request_for_a_cached_page_is_answered_before_django(server):
    url = make_article(title="Tin đọc nhiều lần").get_absolute_url()
    server.get(url)  # rendered and kept
    status, from_django, body = server.get(url)  # a hit answered by Django, learned
    assert status == "200 OK" and from_django["X-Page-Cache"] == "hit"
    reached = server.reached_django

    status, before_django, again = server.get(url)

    assert server.reached_django == reached
    assert status == "200 OK"
    assert again == body and "Tin đọc nhiều lần" in again.decode()
    assert before_django == from_django  # every header, security headers included


def test_a_hit_answered_before_django_is_logged_and_counted_by_view(server, caplog):
    url = make_article().get_absolute_url()
    server.get(url)
    server.get(url)
    hits_before = PAGE_CACHE.labels("hit")._value.get()
    timed_before = _count_timed("articles:detail")

    with caplog.at_level(logging.INFO, logger="vpcp.request"):
        caplog.clear()
        _, _, body = server.get(url)

    [line] = [record for record in caplog.records if record.name == "vpcp.request"]
    assert (line.method, line.path, line.status, line.bytes) == ("GET", url, 200, len(body))
    assert PAGE_CACHE.labels("hit")._value.get() == hits_before + 1
    assert _count_timed("articles:detail") == timed_before + 1


def _count_timed(view):
    for metric in REQUEST_SECONDS.collect():
        for sample in metric.samples:
            if sample.name.endswith("_count") and sample.labels == {"view": view}:
                return sample.value
    return 0


def test_an_edit_is_shown_at_once_to_readers_answered_before_django(server):
    article = make_article(title="Tiêu đề cũ")
    url = article.get_absolute_url()
    for _ in range(3):
        server.get(url)

    article.title = "Tiêu đề mới"
    article.save()
    _, headers, body = server.get(url)

    assert "Tiêu đề mới" in body.decode() and "Tiêu đề cũ" not in body.decode()
    assert headers["X-Page-Cache"] == "miss"


def test_an_unpublished_article_is_gone_for_readers_answered_before_django(server):
    article = make_article()
    url = article.get_absolute_url()
    for _ in range(3):
        server.get(url)

    article.status = article.Status.DRAFT
    article.save()

    assert server.get(url)[0].startswith("404")


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("GET", {"HTTP_COOKIE": "sessionid=abc"}),
        ("GET", {"HTTP_IF_NONE_MATCH": '"etag"'}),
        ("GET", {"HTTP_AUTHORIZATION": "Basic eDp5"}),
        ("GET", {"CONTENT_LENGTH": "5"}),
        ("HEAD", {}),
        ("POST", {}),
    ],
    ids=["cookie", "condition", "authorization", "body", "head", "post"],
)
def test_a_request_that_may_change_the_answer_goes_to_django(server, method, headers):
    url = make_article().get_absolute_url()
    server.get(url)
    server.get(url)
    reached = server.reached_django

    server.get(url, method=method, data="x=1&y" if "CONTENT_LENGTH" in headers else None, **headers)

    assert server.reached_django == reached + 1


def test_a_browser_revalidating_its_copy_is_answered_not_modified_by_django(server):
    url = make_article().get_absolute_url()
    server.get(url)
    _, headers, _ = server.get(url)

    status, _, body = server.get(url, HTTP_IF_NONE_MATCH=headers["ETag"])

    assert status.startswith("304") and body == b""


def test_another_host_or_query_string_goes_to_django_which_answers_it(server):
    url = make_article().get_absolute_url()
    server.get(url)
    server.get(url)

    assert server.get(url, HTTP_HOST="evil.example")[0].startswith("400")
    assert server.get(url + "?utm_source=x")[0].startswith("301")
    assert server.reached_django == 4


def test_a_process_that_must_read_the_page_generation_again_asks_django(server):
    url = make_article().get_absolute_url()
    server.get(url)
    server.get(url)
    reached = server.reached_django

    generation.forget()  # as when the last read is older than POLL_SECONDS
    _, headers, _ = server.get(url)

    assert server.reached_django == reached + 1
    assert headers["X-Page-Cache"] == "hit"


def test_the_front_is_told_the_same_lifetime_by_the_layer_as_by_django(server, settings):
    settings.FRONT_CACHE_SECONDS = 600
    settings.FRONT_STALE_SECONDS = 30
    url = make_article().get_absolute_url()
    server.get(url)
    from_django = server.get(url)[1]["Cache-Control"]
    reached = server.reached_django

    before_django = server.get(url)[1]["Cache-Control"]

    assert server.reached_django == reached
    assert "s-maxage=" in before_django and before_django == from_django


def test_without_the_page_cache_every_request_goes_to_django(server, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = make_article().get_absolute_url()
    for _ in range(3):
        assert server.get(url)[0] == "200 OK"
    assert server.reached_django == 3


def test_the_urls_remembered_are_bounded_whatever_a_script_asks(server, monkeypatch):
    monkeypatch.setattr(hits, "MAX_LEARNED", 3)
    for _ in range(5):
        url = make_article().get_absolute_url()
        server.get(url)
        server.get(url)

    assert 0 < len(hits._learned) <= 3


def test_forwarding_headers_django_does_not_trust_make_no_new_url_to_remember(server):
    url = make_article().get_absolute_url()
    server.get(url)
    server.get(url)
    reached = server.reached_django

    for n in range(20):
        forwarded = {"HTTP_X_FORWARDED_HOST": f"{n}-" + "a" * 8000, "HTTP_X_FORWARDED_PORT": str(n)}
        assert server.get(url, **forwarded)[1]["X-Page-Cache"] == "hit"

    assert len(hits._learned) == 1
    assert server.reached_django == reached


def test_a_forwarded_scheme_django_trusts_is_part_of_the_url_remembered(server, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = make_article().get_absolute_url()
    for scheme in ("http", "https"):
        server.get(url, HTTP_X_FORWARDED_PROTO=scheme)
        server.get(url, HTTP_X_FORWARDED_PROTO=scheme)

    assert len(hits._learned) == 2
