"""deploy/varnish.vcl in front of an app server, as docs/deployment.md draws
it ("Varnish in front"): Varnish keeps public pages by their surrogate keys, a
change purges exactly the keys it names (seen in Varnish's own log), and
nothing private is ever stored."""

import http.client
import time
import uuid
from contextlib import ExitStack

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from pagecache.front import _purger as purger
from tests.factories import make_article, make_category, make_topic, make_user
from tests.portal.test_two_instances import Browser
from tests.servers import ANSWER_SECONDS, app_server
from wholestack.backends import RedisServer
from wholestack.front import Varnish
from wholestack.processes import free_port

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
BOUND_SECONDS = 60  # a change shows through the front within this (polled, not waited)


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def front():
    """Varnish in front of one app server, which has a Redis of its own."""
    with ExitStack() as stack:
        redis = RedisServer()
        stack.callback(redis.close)
        app = stack.enter_context(
            app_server(
                database_url(),
                REDIS_URL=redis.url,
                CACHE_KEY_PREFIX=f"front-{uuid.uuid4().hex[:8]}",
                TRUSTED_PROXY_COUNT="1",
                FRONT_CACHE_SECONDS="600",
            )
        )
        varnish = Varnish([app])
        stack.callback(varnish.stop)
        stack.callback(purger.drop_pending)
        yield varnish


@pytest.fixture
def purged_front():
    """Varnish in front of an app server that sends it its purges."""
    port = free_port()
    with ExitStack() as stack:
        redis = RedisServer()
        stack.callback(redis.close)
        app = stack.enter_context(
            app_server(
                database_url(),
                REDIS_URL=redis.url,
                CACHE_KEY_PREFIX=f"front-{uuid.uuid4().hex[:8]}",
                TRUSTED_PROXY_COUNT="1",
                FRONT_PURGE_URLS=f"http://127.0.0.1:{port}/",
            )
        )
        varnish = Varnish([app], port=port)
        stack.callback(varnish.stop)
        yield varnish


def get(front, path, headers=None, method="GET", body=None):
    client = http.client.HTTPConnection("127.0.0.1", front.port, timeout=ANSWER_SECONDS)
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        return response.status, response.headers, response.read()
    finally:
        client.close()


def object_of(headers):
    """The id of the stored object a hit was answered from (X-Varnish's second number)."""
    return headers["X-Varnish"].split()[-1]


def poll(condition, seconds=BOUND_SECONDS):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.2)


def test_an_edit_purges_exactly_the_pages_of_its_keys_from_the_front(front, settings):
    topic = make_topic(name="Chuyển đổi số")
    edited = make_article(title="Tiêu đề cũ")
    edited.topics.add(topic)
    other_category = make_category(name="Văn hóa")
    make_article(title="Tin văn hóa", category=other_category)
    other_topic = make_topic(name="Cải cách")
    pages = {
        "article": edited.get_absolute_url(),
        "home": reverse("articles:home"),
        "category": edited.category.get_absolute_url(),
        "other category": other_category.get_absolute_url(),
        "other topic": reverse("articles:topic", args=[other_topic.slug]),
    }
    for path in pages.values():
        get(front, path)
    kept = {}
    for name, path in pages.items():
        status, headers, _ = get(front, path)
        assert (status, headers["X-Cache"]) == (200, "hit"), name
        assert "Surrogate-Key" not in headers and "xkey" not in headers  # the front's business
        assert headers["Cache-Control"] == "public, no-cache"  # browsers revalidate
        kept[name] = object_of(headers)

    settings.FRONT_PURGE_URLS = [front.base]  # this process purges, as an app server does
    edited.title = "Tiêu đề mới"
    edited.save()  # committed: purged at once and again a little later

    expected = " ".join(
        sorted(
            [
                f"article-{edited.pk}",
                f"category-{edited.category_id}",
                f"topic-{topic.pk}",
                *("articles", "feeds", "home", "search", "sitemap"),
            ]
        )
    )
    poll(lambda: len(front.purges()) >= 2)
    assert front.purges() == [expected, expected]
    status, headers, body = get(front, pages["article"])
    assert "Tiêu đề mới" in body.decode() and headers["X-Cache"] == "miss"
    for name in ("home", "category"):
        assert get(front, pages[name])[1]["X-Cache"] == "miss", name
    for name in ("other category", "other topic"):  # no key of theirs was named
        status, headers, _ = get(front, pages[name])
        assert (headers["X-Cache"], object_of(headers)) == ("hit", kept[name]), name


def test_pages_go_out_compressed(front):
    path = reverse("articles:home")
    make_article()
    _, plain, body = get(front, path)
    _, zipped, compressed = get(front, path, {"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain and len(compressed) < len(body) / 3


def test_nothing_private_is_ever_stored_by_the_front(front):
    draft = make_article(title="Bản nháp", status="draft")
    staff = Client()
    staff.force_login(make_user("bientap", superuser=True))
    session = f"sessionid={staff.cookies['sessionid'].value}"
    public = make_article(title="Tin công khai")

    answers = {
        "preview": [get(front, f"/xem-truoc/{draft.pk}/", {"Cookie": session}) for _ in range(2)],
        "staff on a public page": [
            get(front, public.get_absolute_url(), {"Cookie": session}) for _ in range(2)
        ],
        "admin": [get(front, "/quan-tri/", {"Cookie": session}) for _ in range(2)],
        "per-reader ratings": [get(front, f"/api/ratings/{public.pk}/") for _ in range(2)],
        "a post": [get(front, "/", method="POST", body=b"") for _ in range(2)],
    }

    assert "Bản nháp" in answers["preview"][0][2].decode()
    for name, pair in answers.items():
        assert [headers["X-Cache"] for _, headers, _ in pair] != ["miss", "hit"], name
        assert all(headers["X-Cache"] in ("pass", "miss") for _, headers, _ in pair), name
    # Without the session the draft is not there: nothing the staff saw was kept.
    status, _, body = get(front, f"/xem-truoc/{draft.pk}/")
    assert status != 200 and "Bản nháp" not in body.decode()


def test_a_publish_through_the_admin_behind_the_front_purges_its_pages(purged_front):
    front = purged_front
    app = TOTPDevice.objects.create(user=make_user("duyettin", group="Duyệt tin"), confirmed=True)
    draft = make_article(title="Tin chờ xuất bản", status=Article.Status.DRAFT)
    home, listing = reverse("articles:home"), draft.category.get_absolute_url()
    for path in (home, listing):
        get(front, path)
        assert get(front, path)[1]["X-Cache"] == "hit"

    approver = Browser(front.base)  # the admin through the front: passed, never stored
    assert approver.sign_in("duyettin", "mat-khau-123", app) == 200  # with the app's code
    action = {
        "action": "publish_selected",
        "_selected_action": [draft.pk],
        f"_version_{draft.pk}": draft.version,
        "csrfmiddlewaretoken": approver.cookie("csrftoken"),
    }
    referer = {"Referer": front.base + "/quan-tri/articles/article/"}
    assert approver.request("/quan-tri/articles/article/", action, referer)[0] == 200

    poll(lambda: len(front.purges()) >= 2)  # sent by the app server, at once and again
    assert all(
        {f"article-{draft.pk}", f"category-{draft.category_id}", "home"} <= set(keys.split())
        for keys in front.purges()
    )
    for path in (home, listing):
        status, headers, body = get(front, path)
        assert (status, headers["X-Cache"]) == (200, "miss") and "Tin chờ xuất bản" in body.decode()
