import pytest
from django.urls import reverse

from articles.models import Article
from bench.newsroom import insert_articles
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["page"]]


@pytest.fixture
def newsroom():
    category = make_category(name="Thi đua khen thưởng")
    return {
        "title": make_article(title="Phát động thi đua yêu nước", category=category),
        "body": make_article(
            title="Hội nghị tổng kết năm",
            body="<p>Các đơn vị đẩy mạnh phong trào thi đua.</p>",
            category=category,
        ),
        "other": make_article(title="Xuất khẩu gạo tăng mạnh", category=category),
        "draft": make_article(
            title="Thi đua nội bộ (nháp)", status=Article.Status.DRAFT, category=category
        ),
    }


@pytest.mark.parametrize("query", ["thi dua", "thi đua", "THI ĐUA", "Thi Dua"])
def test_search_finds_the_same_articles_with_or_without_diacritics(client, newsroom, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert sorted(titles(response)) == ["Hội nghị tổng kết năm", "Phát động thi đua yêu nước"]


def test_title_matches_rank_above_body_matches(client, newsroom):
    response = client.get(reverse("articles:search"), {"q": "thi đua"})
    assert titles(response)[0] == "Phát động thi đua yêu nước"


def test_search_shows_the_query_and_highlights_matches(client, newsroom):
    response = client.get(reverse("articles:search"), {"q": "thi dua"})
    content = response.content.decode()
    assert '<h1 class="page-title">Kết quả tìm kiếm cho "thi dua"</h1>' in content
    assert "<mark>thi</mark> <mark>đua</mark>" in content


def test_a_search_without_results_says_so(client, newsroom):
    response = client.get(reverse("articles:search"), {"q": "khủng long"})
    assert "Không tìm thấy kết quả phù hợp" in response.content.decode()


def test_search_results_are_paginated(client):
    category = make_category()
    for n in range(12):
        make_article(title=f"Cải cách hành chính đợt {n}", category=category)
    first = client.get(reverse("articles:search"), {"q": "cai cach"})
    second = client.get(reverse("articles:search"), {"q": "cai cach", "trang": 2})
    assert len(titles(first)) == 10
    assert len(titles(second)) == 2
    assert set(titles(first)).isdisjoint(titles(second))


def test_markup_in_the_query_is_shown_as_text(client, newsroom):
    response = client.get(reverse("articles:search"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.slow
def test_search_over_100000_articles_uses_the_index_not_a_table_scan():
    insert_articles(count=100_000, categories=[make_category()])
    queryset = Article.objects.published().search("thi đua")
    plan = queryset.explain()
    assert "article_search_idx" in plan
    assert "Seq Scan on articles_article" not in plan
