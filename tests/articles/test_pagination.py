"""A page number past the end (or not a number) is a 404, not page 1 again
under another URL: on categories, topics and search."""

import pytest

from tests.factories import make_article, make_category


@pytest.fixture
def category(db):
    category = make_category()
    for n in range(14):
        make_article(title=f"Tin thi đua số {n}", category=category)
    return category


def test_the_last_category_page_answers(client, category):
    assert client.get(category.get_absolute_url(), {"trang": 2}).status_code == 200


def test_a_category_page_past_the_end_is_404(client, category):
    response = client.get(category.get_absolute_url(), {"trang": 99})

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("number", ["0", "-1", "abc", "1.5"])
def test_a_category_page_that_is_not_a_page_number_is_404(client, category, number):
    assert client.get(category.get_absolute_url(), {"trang": number}).status_code == 404


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
