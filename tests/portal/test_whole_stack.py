"""The whole stack as `make stack` starts it (the `stack` fixture): nginx,
Varnish, two app servers from two release folders, PgBouncer, a Redis and
SeaweedFS of its own. What one server does shows through the other and
through the front; a publish and a moderator's action purge the front;
staff pages are never kept; with B on a new release and A on the old one
(a rolling deploy half done), no page misses a static file."""

import gzip
import json
import re
import time
from urllib.parse import urlsplit

import pytest

from articles.body_images import BodyImage
from articles.models import Article
from ratings.formatting import summary_label
from ratings.models import RatingSummary
from tests.articles.image_samples import exif_rotated_with_gps
from tests.articles.test_private_uploads import figure
from tests.factories import make_article, make_user
from tests.portal.conftest import ON_THE_STACK
from tests.portal.publishing import approver, publish
from tests.portal.test_object_storage import StaffBrowser, public_media
from tests.ratings.factories import make_votes
from tests.servers import Browser, postgres_url
from wholestack.seaweedfs import anonymous_get
from wholestack.stack import whole_stack

pytestmark = [pytest.mark.system, ON_THE_STACK]
BOUND_SECONDS = 90  # a change shows through the front within this (polled, not waited)


@pytest.fixture
def stack(emptied_database, tmp_path):
    """The stack started afresh for each test of this module: these tests
    sign staff in, publish and moderate, and a server that ran an earlier
    test would keep what it learnt of that test's rows (the content types of
    the admin's log among them) into a database emptied since."""
    with whole_stack(postgres_url(), tmp_path / "stack") as running:
        yield running


def poll(condition, seconds=BOUND_SECONDS):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.5)
    return found


def test_an_image_uploaded_through_server_a_is_served_through_server_b_and_the_front(stack):
    server_a, server_b = stack.servers
    make_user("bientapstack", group="Biên tập viên")
    editor = StaffBrowser(server_a).sign_in("bientapstack")
    picker = "/quan-tri/articles/article/anh-noi-dung/?CKEditorFuncNum=1"
    editor.request(picker)
    raw = exif_rotated_with_gps()
    assert editor.send_form(picker, {"alt": "Hội nghị"}, {"image": ("anh.jpg", raw)}) == 200
    draft = make_article(
        title="Tin ảnh qua máy A",
        status=Article.Status.DRAFT,
        body=figure(BodyImage.objects.latest("pk")),
    )
    published = publish(approver(server_a, "duyetstack"), draft)
    assert published.status == Article.Status.PUBLISHED

    path = published.get_absolute_url()
    pages = {name: Browser(base).request(path) for name, base in
             (("B", server_b), ("front", stack.front))}  # fmt: skip
    assert [status for status, _ in pages.values()] == [200, 200]
    images = {name: public_media(stack.store, html) for name, (_, html) in pages.items()}
    assert images["B"] == images["front"] and images["B"]
    for address in images["B"]:
        status, content_type = anonymous_get(address)
        assert status == 200 and content_type in ("image/jpeg", "image/webp"), address


def test_a_publish_through_server_a_purges_the_front_which_then_shows_the_article(stack):
    make_article(title="Tin đã có")
    draft = make_article(title="Tin mới xuất bản qua A", status=Article.Status.DRAFT)
    reader = Browser(stack.front)
    # Kept by the front (polled: an earlier test's second purge may still come).
    kept = poll(lambda: (answer := reader.raw("/"))[1]["X-Cache"] == "hit" and answer)
    status, _, body = kept
    assert status == 200
    assert "Tin mới xuất bản qua A" not in body.decode()
    purges_before = len(stack.varnish.purges())

    published = publish(approver(stack.servers[0], "duyetpurge"), draft)
    assert published.status == Article.Status.PUBLISHED

    # The first purge naming the article (an earlier test's repeated purge may come first).
    expected = {f"article-{draft.pk}", f"category-{draft.category_id}", "home"}
    poll(lambda: any(expected <= set(p.split()) for p in stack.varnish.purges()[purges_before:]))
    status, headers, body = reader.raw("/")  # the first reader after the purge
    assert (status, headers["X-Cache"]) == (200, "miss")
    assert "Tin mới xuất bản qua A" in body.decode()


def test_the_front_sends_varnishs_stored_gzip_to_every_reader_taking_gzip(stack):
    """nginx asks Varnish for gzip exactly when the reader takes it and
    passes the stored copy through as it is; a reader taking brotli but not
    gzip has nginx compress the plain copy."""
    path = make_article(title="Tin nén qua cửa trước").get_absolute_url()
    askings = {
        "plain": {},
        "gzip": {"Accept-Encoding": "gzip"},
        "browser": {"Accept-Encoding": "gzip, deflate, br, zstd"},
        "brotli only": {"Accept-Encoding": "br"},
    }
    reader = Browser(stack.front)

    def hit(asked):
        """The reader's answer once it is a hit (the first fills the copy)."""
        answer = reader.raw(path, headers=asked)
        return answer[1]["X-Cache"] == "hit" and answer

    answers = {name: poll(lambda asked=asked: hit(asked)) for name, asked in askings.items()}
    # The copy nginx was sent: the same address and host (the front's, with
    # its port, as nginx passes it), straight from Varnish.
    asked = {"Accept-Encoding": "gzip", "Host": urlsplit(stack.front).netloc}
    stored = Browser(stack.varnish.base).raw(path, headers=asked)[2]
    body = answers["plain"][2]

    assert "Content-Encoding" not in answers["plain"][1] and "Tin nén" in body.decode()
    for name in ("gzip", "browser"):
        _, headers, sent = answers[name]
        assert (headers["Content-Encoding"], sent) == ("gzip", stored), name
    assert gzip.decompress(stored) == body
    assert answers["brotli only"][1]["Content-Encoding"] == "br"
    assert stack.varnish.counter("MAIN.n_gunzip") == 0


def test_a_staff_page_is_never_stored_by_the_front(stack):
    make_user("quantristack", superuser=True)
    staff = Browser(stack.front)
    assert staff.sign_in("quantristack", "mat-khau-123") == 200
    answers = [staff.raw("/quan-tri/") for _ in range(2)]
    for status, headers, body in answers:
        assert status == 200 and "quantristack" in body.decode()
        assert headers["X-Cache"] in ("pass", "miss")
    # A reader asking for the same address after staff is sent to sign in.
    status, headers, body = Browser(stack.front).raw("/quan-tri/")
    assert "quantristack" not in body.decode() and headers["X-Cache"] in ("pass", "miss")


def hashed_name(folder, name):
    """The content-hashed name of static file `name` in a release's manifest."""
    manifest = json.loads((folder / "staticfiles" / "staticfiles.json").read_text())
    return manifest["paths"][name]


def static_links(page):
    return set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))


def test_a_page_of_the_new_release_served_by_the_old_server_finds_all_its_static_files(stack):
    """docs/deployment.md, "Rolling deploys": the page B (new release)
    renders into the shared page cache is what A (old release) serves; A
    alone lacks the new script, the front's shared static folder has it."""
    article = make_article(title="Tin trong lúc triển khai")
    old_server, new_server = stack.servers
    site = {"Host": "localhost"}  # one site name, as behind the front

    status, rendered = Browser(new_server).request(article.get_absolute_url(), headers=site)
    assert status == 200
    status, headers, body = Browser(old_server).raw(article.get_absolute_url(), headers=site)
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    served = body.decode()
    assert served == rendered

    new_script = next(url for url in static_links(served) if "/js/portal." in url)
    old_script = "/static/" + hashed_name(stack.releases[0], "js/portal.js")
    assert new_script != old_script
    assert Browser(old_server).raw(new_script)[0] == 404
    reader = Browser(stack.front)
    for url in static_links(served) | {old_script}:
        assert reader.raw(url)[0] == 200, url
    # Through the front, whichever server answers, the page and its files load.
    status, page = reader.request(article.get_absolute_url())
    assert status == 200
    for url in static_links(page):
        assert reader.raw(url)[0] == 200, url


def purges_naming(stack, before, key, count):
    """The purges Varnish received after the first `before` that name `key`,
    once there are `count` of them (polled): the stack is shared by the
    module's tests, whose own purges may still arrive."""

    def enough():
        found = [p for p in stack.varnish.purges()[before:] if key in p.split()]
        return found if len(found) >= count else None

    return poll(enough)


def top_rated(html):
    """The home page's "Được đánh giá cao nhất" block."""
    return html.split('id="duoc-danh-gia-cao-nhat"')[1].split("</section>")[0]


def test_a_vote_hidden_through_server_a_shows_on_server_b_and_through_the_front(stack):
    server_a, server_b = stack.servers
    article = make_article(title="Tin được bạn đọc chấm điểm")
    other = make_article(title="Tin không ai chấm")
    lowest, *_ = make_votes(article, [1, 5, 5, 5, 5, 5])
    summary = RatingSummary.objects.get(article=article)
    assert summary.count == 6
    shown = summary_label(summary.average, summary.count)
    pages = {
        "article": article.get_absolute_url(),
        "home": "/",
        "other article": other.get_absolute_url(),
        "category": article.category.get_absolute_url(),
    }
    reader = Browser(stack.front)
    for path in pages.values():
        reader.raw(path)
    for name, path in pages.items():
        status, headers, _ = reader.raw(path)
        assert (status, headers["X-Cache"]) == (200, "hit"), name
    assert shown in reader.request(pages["article"])[1]
    # (The home page kept may be an earlier test's: votes alone change no
    # page until the top-rated list's own period, see ratings_tags.)
    purges_before = len(stack.varnish.purges())

    make_user("kiemduyetstack", group="Kiểm duyệt viên")
    moderator = Browser(server_a)
    assert moderator.sign_in("kiemduyetstack", "mat-khau-123") == 200
    votes = "/quan-tri/ratings/vote/"
    hide = {"action": "hide_selected", "_selected_action": [lowest.pk]}
    hide["csrfmiddlewaretoken"] = moderator.cookie("csrftoken")
    assert moderator.request(votes, hide, {"Referer": server_a + votes})[0] == 200
    summary = RatingSummary.objects.get(article=article)
    assert summary.count == 5
    now_shown = summary_label(summary.average, summary.count)

    # Exactly the article's page and the home page, at once and again.
    expected = " ".join(sorted([f"article-{article.pk}", "home"]))
    assert purges_naming(stack, purges_before, f"article-{article.pk}", 2) == [expected] * 2
    # The first took out two stored objects, those two pages (the other
    # article and the category stayed), and nothing had stored them again
    # by the second. (Those stay until their s-maxage, which a slow run of
    # this test may outlast: counted here, not asked of the front later.)
    ours = [
        removed
        for keys, removed in zip(
            stack.varnish.purges()[purges_before:],
            stack.varnish.purged()[purges_before:],
            strict=False,  # both read the one log in order; one may have grown since
        )
        if f"article-{article.pk}" in keys.split()
    ]
    assert ours == [2, 0]
    poll(lambda: now_shown in Browser(server_b).request(pages["article"])[1])
    for name in ("article", "home"):
        status, headers, _ = reader.raw(pages[name])
        assert (status, headers["X-Cache"]) == (200, "miss"), name
    # While one request renders the new page, the app answers others with
    # the one it had, uncacheable at the front (PAGE_CACHE_STALE_SECONDS).
    poll(lambda: now_shown in reader.request(pages["article"])[1])
    poll(lambda: "(5 lượt đánh giá)" in top_rated(reader.request("/")[1]))
