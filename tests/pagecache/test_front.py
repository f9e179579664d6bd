"""deploy/varnish.vcl in front of an app server, as docs/deployment.md draws
it ("Varnish in front"): Varnish keeps public pages by their surrogate keys, a
change purges exactly the keys it names (seen in Varnish's own log), and
nothing private is ever stored."""

import gzip
import http.server
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from articles.workflow.services import publish_article, take_down_article
from bench.newsroom import insert_articles
from tests.factories import make_article, make_category, make_topic, make_user
from tests.pagecache.fronts import (
    BOUND_SECONDS,
    get,
    keys,
    object_of,
    only_purged,
    purged_twice,
    purging_from_here,
    sitemap_files,
    stored,
    varnish_in_front,
)
from tests.portal.test_two_instances import Browser
from tests.servers import poll
from wholestack.front import Varnish

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def front():
    with varnish_in_front(FRONT_CACHE_SECONDS="600") as varnish:
        yield varnish


@pytest.fixture
def purged_front():
    with varnish_in_front() as varnish:
        yield varnish


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
    kept = stored(front, pages)

    before = purging_from_here(settings, front)
    edited.title = "Tiêu đề mới"
    edited.save()  # committed: purged at once and again a little later

    expected = keys(
        f"article-{edited.pk}",
        f"category-{edited.category_id}",
        f"topic-{topic.pk}",
        *("articles", "feeds", "home", "search", "sitemap"),
        *sitemap_files(edited),
    )
    assert purged_twice(front, before) == [expected, expected]
    only_purged(front, pages, kept, {"article", "home", "category"})
    assert "Tiêu đề mới" in get(front, pages["article"])[2].decode()


def test_a_topic_renamed_purges_its_page_and_the_article_pages_not_the_listings(front, settings):
    topic = make_topic(name="Kinh tế số")
    article = make_article(title="Tin kinh tế số")
    article.topics.add(topic)
    other_topic = make_topic(name="Giáo dục")
    pages = {
        "topic": reverse("articles:topic", args=[topic.slug]),
        "article": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "category": article.category.get_absolute_url(),
        "other topic": reverse("articles:topic", args=[other_topic.slug]),
    }
    kept = stored(front, pages)

    before = purging_from_here(settings, front)
    topic.name = "Kinh tế số hóa"
    topic.save()

    expected = keys(f"topic-{topic.pk}", "articles", "feeds", "sitemap")
    assert purged_twice(front, before) == [expected, expected]
    only_purged(front, pages, kept, {"topic", "article"})
    assert "Kinh tế số hóa" in get(front, pages["article"])[2].decode()


def test_an_article_given_a_topic_purges_that_topics_page_not_another(front, settings):
    article = make_article(title="Tin được gắn chủ đề")
    topic, other_topic = make_topic(name="Môi trường"), make_topic(name="Du lịch")
    pages = {
        "topic": reverse("articles:topic", args=[topic.slug]),
        "article": article.get_absolute_url(),
        "other topic": reverse("articles:topic", args=[other_topic.slug]),
    }
    kept = stored(front, pages)

    before = purging_from_here(settings, front)
    article.topics.add(topic)

    expected = keys(
        f"article-{article.pk}",
        f"category-{article.category_id}",
        f"topic-{topic.pk}",
        *("articles", "feeds", "home", "search", "sitemap"),
        *sitemap_files(article),
    )
    assert purged_twice(front, before) == [expected, expected]
    only_purged(front, pages, kept, {"topic", "article"})
    assert "Tin được gắn chủ đề" in get(front, pages["topic"])[2].decode()


def test_a_take_down_purges_the_article_which_the_front_then_answers_404(front, settings):
    approver = make_user("duyetgo", group="Duyệt tin")
    article = make_article(title="Tin sẽ bị gỡ")
    other = make_article(title="Tin ở chuyên mục khác")
    pages = {
        "article": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "category": article.category.get_absolute_url(),
        "other category": other.category.get_absolute_url(),
    }
    kept = stored(front, pages)

    before = purging_from_here(settings, front)
    take_down_article(article=article, by=approver)

    expected = keys(
        f"article-{article.pk}",
        f"category-{article.category_id}",
        *("articles", "feeds", "home", "search", "sitemap"),
        *sitemap_files(article),
    )
    assert purged_twice(front, before) == [expected, expected]
    for _ in range(2):  # the 404 is not kept either
        status, headers, body = get(front, pages["article"])
        assert (status, headers["X-Cache"]) == (404, "miss")
    status, headers, body = get(front, pages["home"])
    assert headers["X-Cache"] == "miss" and "Tin sẽ bị gỡ" not in body.decode()
    only_purged(front, {"other category": pages["other category"]}, kept, set())


def test_a_publish_purges_the_sitemap_index_and_its_file_not_the_other_files(front, settings):
    approver = make_user("duyetsodo", group="Duyệt tin")
    category = make_category()
    second = 2 * ArticleSitemap.limit  # the first id of the second block
    with connection.cursor() as cursor:  # the next articles' ids straddle two blocks
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", [second - 4]
        )
    insert_articles(count=5, categories=[category])
    article = make_article(title="Tin mới vào sơ đồ", category=category, status="submitted")
    pages = {
        "index": "/sitemap.xml",
        "first file": "/sitemap-articles.xml",
        "its file": "/sitemap-articles.xml?p=2",
    }
    kept = stored(front, pages)

    before = purging_from_here(settings, front)
    publish_article(article=article, by=approver)

    assert article.pk // ArticleSitemap.limit == 2
    expected = keys(
        f"article-{article.pk}",
        f"category-{category.pk}",
        *("articles", "feeds", "home", "search", "sitemap", "sitemap-articles-2"),
    )
    assert purged_twice(front, before) == [expected, expected]
    only_purged(front, pages, kept, {"index", "its file"})
    assert article.get_absolute_url() in get(front, pages["its file"])[2].decode()


def test_pages_go_out_compressed(front):
    path = reverse("articles:home")
    make_article()
    _, plain, body = get(front, path)
    _, zipped, compressed = get(front, path, {"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain and len(compressed) < len(body) / 3


def test_readers_with_and_without_gzip_each_have_a_copy_that_no_hit_unzips(front):
    path = reverse("articles:home")
    make_article(title="Tin hai bản")
    askings = {"plain": {}, "gzip": {"Accept-Encoding": "gzip, deflate, br"}}
    for asked in askings.values():
        get(front, path, asked)  # the fill of each copy
    hits = {name: get(front, path, asked) for name, asked in askings.items()}
    (_, plain, body), (_, zipped, compressed) = hits["plain"], hits["gzip"]

    assert [plain["X-Cache"], zipped["X-Cache"]] == ["hit", "hit"]
    assert object_of(plain) != object_of(zipped)
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed) == body and "Tin hai bản" in body.decode()
    assert plain["Vary"] == zipped["Vary"] == "Accept-Encoding"
    assert front.counter("MAIN.n_gunzip") == 0  # nothing unzipped, on a hit or a fill

    assert get(front, "/", {"xkey-purge": "home"}, method="PURGE")[0] == 200
    for name, asked in askings.items():  # a purge drops both copies
        assert get(front, path, asked)[1]["X-Cache"] == "miss", name


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


class KeepableBackend(http.server.BaseHTTPRequestHandler):
    """An app server whose every page says a shared cache may keep it
    (s-maxage, a surrogate key), and whose pages under /dat-cookie/ also set
    a cookie: what the app itself never sends (pagecache/headers.for_front),
    for the VCL's own rule. It notes the path of every request it answers."""

    asked: list[str] = []

    def do_GET(self):
        self.asked.append(self.path)
        body = b"<p>Trang</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=0, s-maxage=600")
        self.send_header("Surrogate-Key", "home")
        if self.path.startswith("/dat-cookie/"):
            self.send_header("Set-Cookie", "ban-doc=1; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def front_of_keepable_pages():
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KeepableBackend)
    KeepableBackend.asked = []
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    try:
        varnish = Varnish([f"http://127.0.0.1:{backend.server_port}"])
        try:
            yield varnish
        finally:
            varnish.stop()
    finally:
        backend.shutdown()
        backend.server_close()


def test_the_front_never_stores_an_answer_setting_a_cookie(front_of_keepable_pages):
    """deploy/varnish.vcl (vcl_backend_response) keeps nothing that sets a
    cookie, even when the backend says a shared cache may keep it: each
    reader's request goes to the backend and gets its own cookie. The same
    page without the cookie is kept."""
    front = front_of_keepable_pages
    answers = {path: [get(front, path) for _ in range(2)] for path in ("/dat-cookie/", "/trang/")}

    assert [headers["X-Cache"] for _, headers, _ in answers["/trang/"]] == ["miss", "hit"]
    for status, headers, _ in answers["/dat-cookie/"]:
        assert status == 200 and headers["Set-Cookie"] == "ban-doc=1; Path=/"
        assert headers["X-Cache"] in ("pass", "miss")
    assert KeepableBackend.asked.count("/dat-cookie/") == 2
    assert KeepableBackend.asked.count("/trang/") == 1


def test_a_publish_through_the_admin_behind_the_front_purges_its_pages(purged_front):
    front = purged_front
    app = TOTPDevice.objects.create(user=make_user("duyettin", group="Duyệt tin"), confirmed=True)
    draft = make_article(title="Tin chờ xuất bản", status=Article.Status.DRAFT)
    home, listing = reverse("articles:home"), draft.category.get_absolute_url()
    stored(front, {"home": home, "listing": listing})

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

    poll(lambda: len(front.purges()) >= 2, BOUND_SECONDS)  # by the app server, at once and again
    assert all(
        {f"article-{draft.pk}", f"category-{draft.category_id}", "home"} <= set(named.split())
        for named in front.purges()
    )
    for path in (home, listing):
        status, headers, body = get(front, path)
        assert (status, headers["X-Cache"]) == (200, "miss") and "Tin chờ xuất bản" in body.decode()
