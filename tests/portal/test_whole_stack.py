"""The whole stack as `make stack` starts it (bench/whole_stack.py): nginx,
Varnish, two app servers from two release folders, PgBouncer, a Redis and
SeaweedFS of its own. What one server does shows through the other and
through the front; a publish purges the front; staff pages are never kept."""

import time

import pytest

from articles.body_images import BodyImage
from articles.models import Article
from bench.whole_stack import whole_stack
from tests.articles.image_samples import exif_rotated_with_gps
from tests.articles.test_private_uploads import figure
from tests.factories import make_article, make_user
from tests.portal.publishing import approver, publish
from tests.portal.test_object_storage import StaffBrowser, public_media
from tests.seaweedfs import anonymous_get
from tests.servers import Browser, postgres_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
BOUND_SECONDS = 90  # a change shows through the front within this (polled, not waited)


@pytest.fixture
def stack(tmp_path):
    """The stack in front of the test database, started for each test: the
    database is emptied after a test, which the servers' caches of content
    types would not survive."""
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
        title="Tin ảnh qua máy A", status=Article.Status.DRAFT, body=figure(BodyImage.objects.get())
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
    reader.raw("/")
    status, headers, body = reader.raw("/")
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert "Tin mới xuất bản qua A" not in body.decode()
    purges_before = len(stack.varnish.purges())

    published = publish(approver(stack.servers[0], "duyetpurge"), draft)
    assert published.status == Article.Status.PUBLISHED

    purges = poll(lambda: stack.varnish.purges()[purges_before:])
    keys = set(purges[0].split())
    assert {f"article-{draft.pk}", f"category-{draft.category_id}", "home"} <= keys
    status, headers, body = reader.raw("/")  # the first reader after the purge
    assert (status, headers["X-Cache"]) == (200, "miss")
    assert "Tin mới xuất bản qua A" in body.decode()


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
