"""What the app tells the HTTP cache in front (pagecache/front.py): how long
it may keep a page, which answers it may not keep, and purges that fail are
tried again."""

import http.server
import threading
import time
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from core.metrics import FRONT_PURGES
from pagecache import front, headers
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_front(settings):
    settings.FRONT_CACHE_SECONDS = 600
    settings.FRONT_STALE_SECONDS = 30
    return settings


def test_without_a_front_no_shared_cache_may_keep_pages(client):
    make_article()
    assert client.get(reverse("articles:home"))["Cache-Control"] == "public, no-cache"


def test_a_page_is_kept_by_the_front_no_longer_than_until_the_next_scheduled_article(
    client, with_front
):
    category = make_article().category
    make_article(category=category, published_at=timezone.now() + timedelta(seconds=40))
    first = client.get(reverse("articles:home"))
    again = client.get(reverse("articles:home"))  # from the in-app cache: the same rule

    for response in (first, again):
        directives = dict(
            part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
        )
        assert directives["public"] == "" and directives["max-age"] == "0"
        assert 1 <= int(directives["s-maxage"]) <= 40
        assert directives["stale-while-revalidate"] == "30"
    assert again["X-Page-Cache"] == "hit"


def test_the_front_keeps_a_page_from_the_in_app_cache_no_longer_than_it_stays_fresh_there(
    client, with_front
):
    with_front.PAGE_CACHE_SECONDS = 20
    make_article()
    client.get(reverse("articles:home"))
    again = client.get(reverse("articles:home"))

    assert again["X-Page-Cache"] == "hit"
    assert 1 <= int(again["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 20


def test_no_page_is_kept_by_the_front_past_midnight(client, with_front, time_machine):
    """Half a minute before midnight, portal time (the date line changes),
    the front may keep a page for half a minute at most, not FRONT_CACHE_SECONDS."""
    make_article()
    late = timezone.localtime().replace(hour=23, minute=59, second=30, microsecond=0)
    time_machine.move_to(late, tick=False)

    assert front.shared_seconds() == 30
    response = client.get(reverse("articles:home"))
    assert 1 <= int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 30


def test_a_page_setting_a_cookie_is_not_for_the_front(rf, with_front):
    """A public page whose answer sets a cookie goes out without s-maxage
    (the VCL stores nothing without it), whoever asked."""
    request = rf.get("/")
    response = HttpResponse("trang")
    response.set_cookie("ban-doc", "1")

    headers.for_front(request, response, "miss")

    assert "s-maxage" not in response["Cache-Control"]
    assert headers.for_front(rf.get("/"), HttpResponse("trang"), "miss")["Cache-Control"].count(
        "s-maxage"
    )  # the same page without the cookie is for the front


def test_every_front_node_is_sent_the_purge(settings, monkeypatch):
    """FRONT_PURGE_URLS names every Varnish node: each is sent the keys."""
    nodes = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Node) for _ in range(2)]
    Node.received = []
    for node in nodes:
        threading.Thread(target=node.serve_forever, daemon=True).start()
    monkeypatch.setattr(front, "POLL_SECONDS", 0.1)
    settings.FRONT_PURGE_URLS = [f"http://127.0.0.1:{n.server_port}/" for n in nodes]
    try:
        front.purge_expired(frozenset({"home"}))
        deadline = time.monotonic() + 60
        while len(Node.received) < 4:  # each node: at once and again
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        for node in nodes:
            node.shutdown()
        front._purger.drop_pending()

    assert sorted(Node.received) == sorted([(n.server_port, "home") for n in nodes] * 2)


def test_a_staff_members_pages_are_not_for_the_front(editor_client, with_front):
    make_article()
    response = editor_client.get(reverse("articles:home"))
    assert response.status_code == 200
    assert "s-maxage" not in response["Cache-Control"]


class Node(http.server.BaseHTTPRequestHandler):
    """A front node that answers every PURGE 200, noting (its port, the keys)."""

    received: list[tuple[int, str]] = []

    def do_PURGE(self):
        self.received.append((self.server.server_port, self.headers[front.PURGE_HEADER]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class FlakyFront(http.server.BaseHTTPRequestHandler):
    """Answers the first PURGE 503 (a node restarting), the others 200."""

    received: list[str] = []

    def do_PURGE(self):
        self.received.append(self.headers[front.PURGE_HEADER])
        self.send_response(503 if len(self.received) == 1 else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_failed_purge_is_logged_and_sent_again(settings, monkeypatch, caplog):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FlakyFront)
    FlakyFront.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(front, "RETRY_SECONDS", (0.1,))
    monkeypatch.setattr(front, "POLL_SECONDS", 0.5)
    settings.FRONT_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    counted = {o: FRONT_PURGES.labels(o)._value.get() for o in ("answered", "retried")}
    try:
        front.purge_expired(frozenset({"home", "article-5"}))
        deadline = time.monotonic() + 60
        while len(FlakyFront.received) < 3:  # the failed one, its retry, the later one
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        server.shutdown()
        front._purger.drop_pending()

    assert FlakyFront.received == ["article-5 home"] * 3
    assert "failed (HTTP Error 503" in caplog.text and "retried" in caplog.text
    # The operator's metrics count them: one retried, then answered.
    assert FRONT_PURGES.labels("retried")._value.get() == counted["retried"] + 1
    deadline = time.monotonic() + 60
    while FRONT_PURGES.labels("answered")._value.get() < counted["answered"] + 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
