"""After a publish, readers get the previous page while one request renders
the new one (stale while revalidate), instead of every request rendering: one
render in the whole deployment, whichever server the readers reach."""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

import articles.views
from articles.models import Article
from tests.factories import make_article
from tests.servers import app_server, fetch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held_render(monkeypatch):
    """Article renders wait until `release` is set; `started` says one began."""
    started, release = threading.Event(), threading.Event()
    lookup = articles.views.get_object_or_404

    def slow_lookup(*args, **kwargs):
        started.set()
        assert release.wait(60)
        return lookup(*args, **kwargs)

    monkeypatch.setattr(articles.views, "get_object_or_404", slow_lookup)
    yield started, release
    release.set()


def cached(client, article, held_render):
    """The article's page rendered once (without waiting) and cached."""
    started, release = held_render
    release.set()
    client.get(article.get_absolute_url())
    release.clear()
    started.clear()


def in_thread(url, answers):
    def get():
        from django.db import connection

        try:
            answers.append(Client().get(url))
        finally:
            connection.close()

    thread = threading.Thread(target=get)
    thread.start()
    return thread


def test_readers_get_the_previous_page_while_one_request_renders_the_new_one(
    client, renders, held_render
):
    started, release = held_render
    article = make_article(title="Tiêu đề cũ")
    cached(client, article, held_render)
    article.title = "Tiêu đề mới"
    article.save()  # a publish: every page is stale

    answers = []
    renderer = in_thread(article.get_absolute_url(), answers)
    assert started.wait(60)
    meanwhile = [client.get(article.get_absolute_url()) for _ in range(10)]
    release.set()
    renderer.join(60)

    assert all(r.status_code == 200 and "Tiêu đề cũ" in r.content.decode() for r in meanwhile)
    assert {r["X-Page-Cache"] for r in meanwhile} == {"stale"}
    assert "Tiêu đề mới" in answers[0].content.decode()
    assert renders.count == 2  # the first page and the new one, nothing in between
    after = client.get(article.get_absolute_url())
    assert (after["X-Page-Cache"], "Tiêu đề mới" in after.content.decode()) == ("hit", True)


def test_an_unpublished_article_is_not_served_again_once_its_render_has_answered(
    client, held_render
):
    started, release = held_render
    article = make_article(title="Tin sẽ bị gỡ")
    cached(client, article, held_render)
    article.status = Article.Status.DRAFT
    article.save()

    answers = []
    renderer = in_thread(article.get_absolute_url(), answers)
    assert started.wait(60)
    release.set()
    renderer.join(60)

    assert answers[0].status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_page_rendered_on_one_server_is_taken_by_another_without_a_render(client, renders):
    article = make_article(title="Tin chung")
    client.get(article.get_absolute_url())
    caches["pages"].clear()  # another process: nothing in its own memory

    response = client.get(article.get_absolute_url())

    assert (response["X-Page-Cache"], renders.count) == ("hit", 1)
    assert "Tin chung" in response.content.decode()


@pytest.fixture
def other_server():
    """A second app server (gunicorn) on the same database and Redis, answering
    for this test client's host, so both look up the same pages."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with app_server(url, DJANGO_ALLOWED_HOSTS="testserver") as base:
        yield lambda path: fetch(base + path, headers={"Host": "testserver"})


@pytest.mark.system
def test_after_a_publish_one_render_in_the_deployment_and_the_other_server_serves_the_old_page(
    client, renders, held_render, other_server
):
    started, release = held_render
    article = make_article(title="Tiêu đề cũ")
    url = article.get_absolute_url()
    cached(client, article, held_render)
    assert other_server(url)[1]["X-Page-Cache"] == "hit"  # taken from the shared cache
    article.title = "Tiêu đề mới"
    article.save()

    answers = []
    renderer = in_thread(url, answers)  # this server renders, holding the page's lock
    assert started.wait(60)
    meanwhile = [other_server(url) for _ in range(5)]
    deadline = time.monotonic() + 60  # the other server hears of the publish through pub/sub
    while meanwhile[-1][1]["X-Page-Cache"] == "hit" and time.monotonic() < deadline:
        meanwhile.append(other_server(url))
    release.set()
    renderer.join(60)
    after = other_server(url)

    seen = [(status, headers["X-Page-Cache"]) for status, headers, _ in meanwhile]
    assert (200, "stale") in seen and (200, "miss") not in seen
    assert all("Tiêu đề cũ" in body for _, _, body in meanwhile)
    assert "Tiêu đề mới" in answers[0].content.decode()
    assert (after[1]["X-Page-Cache"], "Tiêu đề mới" in after[2]) == ("hit", True)
    assert renders.count == 2  # the first page and the new one, on this server only


def test_a_process_revalidates_one_page_at_a_time_and_serves_the_others_their_previous_page(
    client, held_render
):
    started, release = held_render
    first, second = make_article(title="Tin thứ nhất"), make_article(title="Tin thứ hai")
    cached(client, first, held_render)
    cached(client, second, held_render)
    make_article(title="Tin mới đăng")  # a publish: both pages are stale

    answers = []
    renderer = in_thread(first.get_absolute_url(), answers)
    assert started.wait(60)
    meanwhile = client.get(second.get_absolute_url())
    release.set()
    renderer.join(60)
    later = client.get(second.get_absolute_url())

    assert (meanwhile["X-Page-Cache"], "Tin thứ hai" in meanwhile.content.decode()) == (
        "stale",
        True,
    )
    assert (answers[0]["X-Page-Cache"], later["X-Page-Cache"]) == ("miss", "miss")


@pytest.fixture
def behind_a_front(settings):
    """A front to purge where nothing listens: its purges are only logged."""
    from pagecache.front import _purger

    settings.FRONT_PURGE_URLS = ["http://127.0.0.1:9/"]
    yield
    _purger.drop_pending()


def test_behind_a_front_a_page_a_publish_made_stale_is_rendered_not_answered_from_before(
    client, held_render, behind_a_front
):
    started, release = held_render
    first = make_article(title="Tin thứ nhất")
    cached(client, first, held_render)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    make_article(title="Tin mới đăng")  # a publish: every page is stale

    answers = []
    renderer = in_thread(first.get_absolute_url(), answers)
    assert started.wait(60)  # this process's render slot is taken
    home = client.get("/")
    release.set()
    renderer.join(60)

    assert home["X-Page-Cache"] == "miss"
    assert "Tin mới đăng" in home.content.decode()
