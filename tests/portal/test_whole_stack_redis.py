"""The whole stack (tests/portal/test_whole_stack.py) losing its Redis: a
publish made while Redis is down, and Redis restored from a snapshot older
than a publish, never leave a stale home page, through the front (nginx,
Varnish) nor on either app server; staff sign in through the front with
Redis down.

The bound: the page generation is a row in PostgreSQL that every server
reads every generation.POLL_SECONDS (2 s), and each publish purges the
front at once and again after that; so within seconds of Redis coming back,
every answer has the new article. The tests poll for up to BOUND_SECONDS,
which only a busy machine comes near, then ask again for STAYS_SECONDS and
never see the old page."""

import time
from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from tests.factories import make_article, make_user
from tests.portal import test_whole_stack
from tests.portal.conftest import ON_THE_STACK
from tests.portal.publishing import approver, publish
from tests.servers import Browser, poll

pytestmark = [pytest.mark.system, ON_THE_STACK]
# The stack started afresh for each test: each stops its Redis, or starts
# it from an old snapshot, which a next test must not inherit.
stack = test_whole_stack.stack
BOUND_SECONDS = 30  # the new article shows everywhere within this once Redis is back (polled)
STAYS_SECONDS = 5  # then every answer, asked again for this long, still has it


def front_host(stack):
    """The Host header nginx passes on (the front's, with its port): asked
    for it, an app server looks up the very pages it kept for the front."""
    return {"Host": urlsplit(stack.front).netloc}


def home_pages(stack):
    """{where: (status, body text)} of the home page as the front and each
    app server answer it now (asked for the front's host)."""
    host = front_host(stack)
    answers = {"front": Browser(stack.front).request("/")}
    for name, base in zip("AB", stack.servers, strict=True):
        answers[name] = Browser(base).request("/", headers=host)
    return answers


def missing(stack, title):
    """Where the home page is answered without `title` (every answer must be a 200)."""
    answers = home_pages(stack)
    assert {where: status for where, (status, _) in answers.items()} == dict.fromkeys(answers, 200)
    return [where for where, (_, body) in answers.items() if title not in body]


def shows_and_stays(stack, title):
    """Poll until the home page has `title` everywhere (BOUND_SECONDS), then
    check that it still has it everywhere, every time, for STAYS_SECONDS."""
    deadline = time.monotonic() + BOUND_SECONDS
    while where := missing(stack, title):
        assert time.monotonic() < deadline, f"still the old page after {BOUND_SECONDS} s: {where}"
        time.sleep(0.5)
    until = time.monotonic() + STAYS_SECONDS
    rounds = 0
    while rounds < 3 or time.monotonic() < until:
        assert missing(stack, title) == [], "the old page came back"
        rounds += 1


def home_state(base, header, headers=None):
    """The cache's word on the home page `base` answers now: its `header`."""
    return Browser(base).raw("/", headers=headers)[1][header]


def kept_everywhere(stack, title):
    """Have the front, A and B keep the home page (it has `title`): the
    front's copy a hit, each server's its own."""
    poll(lambda: home_state(stack.front, "X-Cache") == "hit", BOUND_SECONDS)
    host = front_host(stack)
    for base in stack.servers:
        poll(lambda base=base: home_state(base, "X-Page-Cache", host) == "hit", BOUND_SECONDS)
    assert missing(stack, title) == []


def test_a_publish_while_redis_is_down_shows_through_the_front_and_on_both_servers(stack):
    make_article(title="Tin có sẵn trên trang chủ")
    draft = make_article(title="Tin duyệt khi Redis tắt", status=Article.Status.DRAFT)
    kept_everywhere(stack, "Tin có sẵn trên trang chủ")
    desk = approver(stack.servers[0], "duyetredistat")
    stack.redis.stop()  # B keeps its old page and hears nothing through Redis

    assert publish(desk, draft).status == Article.Status.PUBLISHED  # through A
    stack.redis.start()

    shows_and_stays(stack, "Tin duyệt khi Redis tắt")


def test_redis_started_from_a_snapshot_older_than_a_publish_brings_no_old_page_back(stack):
    make_article(title="Tin có sẵn trên trang chủ")
    draft = make_article(title="Tin duyệt sau bản chụp", status=Article.Status.DRAFT)
    kept_everywhere(stack, "Tin có sẵn trên trang chủ")
    snapshot = stack.redis.snapshot()  # the home page without the new article

    published = publish(approver(stack.servers[0], "duyetbanchup"), draft)  # through A
    assert published.status == Article.Status.PUBLISHED
    # A renders the new page into Redis; B and the front are not asked: B
    # keeps the old page it had, which is also what the snapshot holds.
    server_a, host = Browser(stack.servers[0]), front_host(stack)
    poll(lambda: "Tin duyệt sau bản chụp" in server_a.request("/", headers=host)[1], BOUND_SECONDS)
    stack.redis.stop()
    stack.redis.start_from(snapshot)

    shows_and_stays(stack, "Tin duyệt sau bản chụp")


def test_staff_sign_in_through_the_front_with_redis_down(stack):
    app = TOTPDevice.objects.create(
        user=make_user("duyetkhongredis", group="Duyệt tin"), confirmed=True
    )
    stack.redis.stop()

    staff = Browser(stack.front)
    assert staff.sign_in("duyetkhongredis", "mat-khau-123", app) == 200  # with the app's code
    status, headers, body = staff.raw("/quan-tri/")
    assert (status, headers["X-Cache"]) == (200, "pass")
    page = body.decode()
    assert "duyetkhongredis" in page  # the admin's index, signed in
    assert 'name="password"' not in page and 'name="code"' not in page  # neither form again
