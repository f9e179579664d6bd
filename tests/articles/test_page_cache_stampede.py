"""After a publish, readers get the previous page while one request renders
the new one (stale while revalidate), instead of every request rendering."""

import threading

import pytest
from django.test import Client

import articles.views
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held_render(monkeypatch):
    """Article renders wait until `release` is set; `started` says one began."""
    started, release = threading.Event(), threading.Event()
    lookup = articles.views.get_object_or_404

    def slow_lookup(*args, **kwargs):
        started.set()
        assert release.wait(10)
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
    assert started.wait(10)
    meanwhile = [client.get(article.get_absolute_url()) for _ in range(10)]
    release.set()
    renderer.join(10)

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
    assert started.wait(10)
    release.set()
    renderer.join(10)

    assert answers[0].status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404
