from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_public_page_is_served_from_the_cache_the_second_time(client, django_assert_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_publishing_an_article_shows_it_on_cached_pages_at_once(client):
    first = make_article(title="Tin thứ nhất")
    client.get(reverse("articles:home"))
    client.get(first.category.get_absolute_url())
    draft = make_article(title="Tin vừa duyệt", category=first.category, status="draft")

    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert "Tin vừa duyệt" in client.get(reverse("articles:home")).content.decode()
    assert "Tin vừa duyệt" in client.get(first.category.get_absolute_url()).content.decode()


def test_editing_an_article_refreshes_its_cached_page(client):
    article = make_article(title="Tiêu đề cũ")
    client.get(article.get_absolute_url())
    article.title = "Tiêu đề mới"
    article.save()
    assert "Tiêu đề mới" in client.get(article.get_absolute_url()).content.decode()


def test_unpublishing_removes_an_article_from_cached_pages(client):
    article = make_article(title="Tin sẽ bị gỡ")
    client.get(reverse("articles:home"))
    article.status = Article.Status.DRAFT
    article.save()
    assert "Tin sẽ bị gỡ" not in client.get(reverse("articles:home")).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_on_cached_pages_when_its_time_comes(client, time_machine):
    make_article(title="Tin đang có")
    soon = make_article(title="Tin hẹn giờ", published_at=timezone.now() + timedelta(seconds=60))
    first = client.get(reverse("articles:home"))
    assert first.status_code == 200
    assert "Tin hẹn giờ" not in first.content.decode()
    assert client.get(reverse("articles:home"))["X-Page-Cache"] == "hit"

    # Nothing is saved in between: only the cache timeout, cut to the 60 s
    # left before publication, lets the new page through.
    time_machine.move_to(soon.published_at + timedelta(seconds=1))
    later = client.get(reverse("articles:home"))
    assert later.status_code == 200
    assert "Tin hẹn giờ" in later.content.decode()


def test_a_cached_page_is_still_served_before_a_scheduled_time(client, time_machine):
    make_article(title="Tin đang có")
    soon = make_article(title="Tin hẹn giờ", published_at=timezone.now() + timedelta(seconds=60))
    client.get(reverse("articles:home"))

    time_machine.move_to(soon.published_at - timedelta(seconds=5))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    assert "Tin hẹn giờ" not in response.content.decode()
    assert len(queries) == 0


def test_article_pages_answer_conditional_gets_with_304(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    etag = response["ETag"]
    again = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert "no-cache" in response["Cache-Control"]


def test_a_pending_message_is_shown_not_a_cached_page(client):
    article = make_article()
    client.get(article.get_absolute_url())
    from django.contrib.messages.storage import default_storage
    from django.http import HttpRequest, HttpResponse

    request = HttpRequest()
    storage = default_storage(request)
    storage.add(20, "Cảm ơn bạn đã đánh giá")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Cảm ơn bạn đã đánh giá" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_while_an_unpublish_commits_is_not_served_afterwards(client):
    import threading

    from django.db import connection, transaction
    from django.test import Client

    article = make_article(title="Tin sắp bị gỡ")
    url = article.get_absolute_url()
    seen_meanwhile = {}

    def read_in_another_connection():
        try:
            seen_meanwhile["status"] = Client().get(url).status_code
        finally:
            connection.close()

    with transaction.atomic():
        article.status = Article.Status.DRAFT
        article.save()
        # Another reader, before the commit, still sees the article (and the
        # page it gets is stored in the cache).
        reader = threading.Thread(target=read_in_another_connection)
        reader.start()
        reader.join()
    assert seen_meanwhile["status"] == 200

    assert client.get(url).status_code == 404


def test_a_page_from_the_cache_carries_the_headers_of_a_rendered_one(client):
    article = make_article()
    rendered = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert (rendered["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Cache-Control", "ETag"):
        assert header in rendered, header
    assert {name: value for name, value in cached.items() if name != "X-Page-Cache"} == {
        name: value for name, value in rendered.items() if name != "X-Page-Cache"
    }
    assert cached.content == rendered.content
    url = article.get_absolute_url()
    assert client.get(url, headers={"if-none-match": cached["ETag"]}).status_code == 304
    # A browser holding an older copy gets the whole page.
    older = client.get(url, headers={"if-none-match": '"an-older-copy"'})
    assert (older.status_code, older.content) == (200, rendered.content)
