"""Listings page by anchors, so nothing repeats when an article is published
between two loads; a page past the end (or an anchor that is not one) is a
404, never page 1 again under another URL. Search pages are numbered."""

import pytest
from django.utils import timezone

from articles.models import Article
from articles.paging import cursor_of
from tests.factories import make_article, make_category


@pytest.fixture
def category(db):
    category = make_category()
    for n in range(14):
        make_article(title=f"Tin thi đua số {n}", category=category)
    return category


def titles(response):
    return [article.title for article in response.context["page"]]


def older_link(response):
    return response.context["page"].older


def test_a_category_pages_through_every_article_once(client, category):
    first = client.get(category.get_absolute_url())
    second = client.get(category.get_absolute_url(), {"sau": older_link(first)})

    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert set(titles(first)) | set(titles(second)) == {f"Tin thi đua số {n}" for n in range(14)}
    assert older_link(second) is None
    assert 'rel="prev" href="?truoc=' in second.content.decode()


def test_an_article_published_between_two_page_loads_repeats_nothing(client, category):
    first = client.get(category.get_absolute_url())
    # Pushes every article down one place.
    make_article(title="Tin mới đăng", category=category, published_at=timezone.now())

    second = client.get(category.get_absolute_url(), {"sau": older_link(first)})

    assert not set(titles(first)) & set(titles(second))
    assert len(titles(first)) + len(titles(second)) == 14


def test_going_back_to_newer_articles_reaches_the_first_page_at_its_own_address(client, category):
    first = client.get(category.get_absolute_url())
    second = client.get(category.get_absolute_url(), {"sau": older_link(first)})

    back = client.get(category.get_absolute_url(), {"truoc": second.context["page"].newer})

    assert back.status_code == 302 and back["Location"] == category.get_absolute_url()


def test_a_category_page_past_the_end_is_404(client, category):
    oldest = Article.objects.filter(category=category).order_by("published_at").first()
    response = client.get(category.get_absolute_url(), {"sau": cursor_of(oldest)})

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("cursor", ["0", "-1", "abc", "1.5-2", "99999999999999999999-1"])
def test_a_category_page_whose_anchor_is_not_one_is_404(client, category, cursor):
    assert client.get(category.get_absolute_url(), {"sau": cursor}).status_code == 404


def test_an_old_numbered_page_address_leads_to_the_first_page(client, category):
    response = client.get(category.get_absolute_url(), {"trang": 2})

    assert response.status_code in (301, 302)
    assert response["Location"] == category.get_absolute_url()


def test_an_empty_category_still_has_its_first_page(client, db):
    empty = make_category()

    assert client.get(empty.get_absolute_url()).status_code == 200


def test_a_search_page_past_the_end_is_404(client, category):
    assert client.get("/tim-kiem/", {"q": "thi đua", "trang": 2}).status_code == 200
    assert client.get("/tim-kiem/", {"q": "thi đua", "trang": 3}).status_code == 404


def test_search_results_may_be_indexed_but_not_an_empty_search(client, category):
    found = client.get("/tim-kiem/", {"q": "thi đua"}).content.decode()
    nothing = client.get("/tim-kiem/", {"q": "khongcogi"}).content.decode()

    assert 'name="robots"' not in found
    assert '<meta name="robots" content="noindex">' in nothing
