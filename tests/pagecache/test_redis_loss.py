"""Two app servers sharing a Redis of the test's own (append-only, as
production runs it), stopped and restored as an operator would: the page
generation lives in PostgreSQL (pagecache/generation.py), so a publish made
while Redis is down, or lost when Redis comes back from an older backup,
never leaves a stale page; readers are served and staff sign in meanwhile.

The bound: a publish shows on every server within generation.POLL_SECONDS
(2 s) without any message through Redis; the tests poll for up to
BOUND_SECONDS, which only a busy machine comes near."""

import http.client
import re
import time
import urllib.parse
import uuid
from contextlib import ExitStack

import pytest
from django.urls import reverse

from tests.factories import make_article, make_user
from tests.servers import ANSWER_SECONDS, app_server, postgres_url
from wholestack.backends import RedisServer

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
BOUND_SECONDS = 30
HOME = "/"


@pytest.fixture
def redis():
    server = RedisServer()
    yield server
    server.close()


@pytest.fixture
def servers(redis):
    shared = {"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": f"loss-{uuid.uuid4().hex[:8]}"}
    with ExitStack() as stack:
        yield [stack.enter_context(app_server(postgres_url(), **shared)) for _ in range(2)]


def request(base, path, method="GET", body=None, headers=None):
    """(status, headers, body text) of one request, redirects not followed."""
    parsed = urllib.parse.urlsplit(base)
    client = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=ANSWER_SECONDS)
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        client.close()


def poll(condition, seconds=BOUND_SECONDS):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.2)


def shows(base, path, title):
    status, _, body = request(base, path)
    assert status == 200  # readers are served all along
    return title in body


def test_redis_restored_from_an_older_backup_brings_no_old_page_back(redis, servers):
    first, second = servers
    old = make_article(title="Tin trước bản sao lưu")
    listing = old.category.get_absolute_url()
    request(first, listing)
    assert request(first, listing)[1]["X-Page-Cache"] == "hit"  # kept, in Redis too
    redis.stop()
    backup = redis.backup()
    redis.start()

    make_article(title="Tin sau bản sao lưu", category=old.category)
    # Within the bound, the first server shows the new article on the listing
    # it held (its readers see it); only then is the old Redis put back.
    poll(lambda: shows(first, listing, "Tin sau bản sao lưu"))
    poll(lambda: all(shows(base, HOME, "Tin sau bản sao lưu") for base in servers))
    redis.stop()
    redis.restore(backup)  # the listing without the new article is back in Redis
    redis.start()

    # The second server never held the listing itself: it finds Redis's copy,
    # from an older generation, and renders the page instead.
    status, headers, body = request(second, listing)
    assert (status, headers["X-Page-Cache"]) == (200, "miss") and "Tin sau bản sao lưu" in body
    answers = [request(base, listing)[2] for _ in range(10) for base in servers]
    assert all("Tin sau bản sao lưu" in body for body in answers)


def test_a_publish_while_redis_is_down_shows_and_stays_after_it_returns(redis, servers):
    make_article(title="Tin có sẵn")
    for base in servers:
        request(base, HOME)
    redis.stop()

    make_article(title="Tin đăng khi Redis tắt")
    poll(lambda: all(shows(base, HOME, "Tin đăng khi Redis tắt") for base in servers))
    redis.start()

    # Pages are kept again once Redis is back, and none of them is the old one.
    poll(lambda: all(request(base, HOME)[1]["X-Page-Cache"] == "hit" for base in servers))
    answers = [request(base, HOME)[2] for _ in range(10) for base in servers]
    assert all("Tin đăng khi Redis tắt" in body for body in answers)


def sign_in(base, username, password):
    """Sign in through the admin's form; (status, cookies) of the answer to the POST."""
    status, headers, body = request(base, reverse("admin:login"))
    assert status == 200
    csrf = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    status, headers, _ = request(
        base,
        reverse("admin:login"),
        "POST",
        form.encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    return status, headers.get_all("Set-Cookie") or []


def test_staff_sign_in_while_redis_is_down_and_guessers_still_meet_the_captcha(redis, servers):
    make_user("bientap", superuser=True, password="mat-khau-dung")
    redis.stop()
    base = servers[0]

    status, cookies = sign_in(base, "bientap", "mat-khau-dung")
    assert status == 302 and any(cookie.startswith("sessionid=") for cookie in cookies)
    session = next(cookie.split(";")[0] for cookie in cookies if cookie.startswith("sessionid="))
    assert request(base, reverse("admin:index"), headers={"Cookie": session})[0] == 200

    refused = [sign_in(base, "bientap", "doan-mo")[0] for _ in range(5)]
    assert refused[0] == 200  # the form again, with its error
    # Counted in the server's memory: the right password alone no longer
    # signs in there; the form asks for the captcha (staff/throttle.py).
    assert sign_in(base, "bientap", "mat-khau-dung")[0] != 302
    assert "Nhập mã xác nhận trong hình" in request(base, reverse("admin:login"))[2]
