import json
import re

import pytest
from django.urls import reverse

from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_the_rss_feed_lists_public_articles_newest_first(client):
    older = make_article(title="Tin cũ hơn")
    newer = make_article(title="Tin mới hơn", category=older.category)
    older.published_at = newer.published_at.replace(year=newer.published_at.year - 1)
    older.save()
    content = client.get(reverse("articles:feed")).content.decode()
    assert content.index("Tin mới hơn") < content.index("Tin cũ hơn")
    assert "<link>http://testserver/bai-viet/tin-moi-hon/</link>" in content


def test_a_category_feed_lists_only_that_category(client):
    mine = make_article(title="Tin kinh tế")
    make_article(title="Tin xã hội")
    content = client.get(reverse("articles:category_feed", args=[mine.category.slug])).content
    assert "Tin kinh tế" in content.decode()
    assert "Tin xã hội" not in content.decode()


def test_the_sitemap_index_leads_to_every_article_and_category(client):
    article = make_article()
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index)
    assert sorted(sections) == [
        "/sitemap-articles.xml",
        "/sitemap-categories.xml",
        "/sitemap-home.xml",
    ]
    urls = "".join(client.get(section).content.decode() for section in sections)
    assert f"http://testserver{article.get_absolute_url()}" in urls
    assert f"http://testserver{article.category.get_absolute_url()}" in urls


def test_robots_txt_points_to_the_sitemap(client):
    content = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in content
    assert "Disallow: /quan-tri/" in content


def test_the_article_page_carries_news_article_structured_data_without_stars(client):
    article = make_article(title="Tin có dữ liệu cấu trúc", source="Theo VPCP")
    content = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tin có dữ liệu cấu trúc"
    assert "aggregateRating" not in data and "AggregateRating" not in content


def test_a_title_cannot_break_out_of_the_structured_data(client):
    article = make_article(title="</script><script>alert(1)</script>")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content


def test_the_article_page_has_a_description_and_open_graph_tags(client):
    article = make_article(summary="Sapo dùng làm mô tả trang.")
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Sapo dùng làm mô tả trang.">' in content
    assert '<meta property="og:title"' in content
    assert '<meta property="og:type" content="article">' in content


def test_the_article_page_shows_related_articles_and_share_links(client):
    article = make_article(title="Bài chính")
    make_article(title="Bài cùng chuyên mục", category=article.category)
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Tin liên quan" in content and "Bài cùng chuyên mục" in content
    assert "Chia sẻ" in content and "In bài viết" in content


def test_category_pages_are_paginated(client):
    category = make_category()
    for n in range(14):
        make_article(title=f"Tin thứ {n}", category=category)
    first = client.get(category.get_absolute_url())
    second = client.get(category.get_absolute_url(), {"sau": first.context["page"].older})
    assert len(first.context["page"]) == 12
    assert len(second.context["page"]) == 2


def test_the_home_page_shows_featured_latest_and_a_block_per_category(client):
    featured = make_article(title="Tin nổi bật nhất", is_featured=True)
    other = make_article(title="Tin chuyên mục khác")
    content = client.get(reverse("articles:home")).content.decode()
    assert "Tin nổi bật" in content and "Tin mới nhất" in content
    assert featured.category.name in content and other.category.name in content
    assert "Tin chuyên mục khác" in content
