"""The sitemap at archive size: the index and each file read a bounded number
of articles, whatever the number of articles (EXPLAIN ANALYZE, tests/queries.py)."""

import re
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import pytest
from django.contrib.sitemaps import Sitemap, views
from django.template.loader import render_to_string
from django.utils.http import http_date

from articles.models import Article
from articles.sitemaps import SITEMAPS, ArticleSitemap, CategorySitemap, HomeSitemap
from bench.newsroom import insert_articles
from tests.factories import make_category
from tests.queries import most_rows_examined

pytestmark = pytest.mark.django_db

TABLE = Article._meta.db_table
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SECTION = "articles:sitemap_section"


@pytest.fixture
def archive(monkeypatch):
    """3,000 public articles in sitemap files of 500 ids (ids 500 × b to
    500 × b + 499 in block b); the number of files, from the first public
    article's block to the last's (6 or 7, as the ids fall)."""
    monkeypatch.setattr(ArticleSitemap, "limit", 500)
    insert_articles(count=3000, categories=[make_category()])
    ids = Article.objects.order_by("pk").values_list("pk", flat=True)
    return ids.last() // 500 - ids.first() // 500 + 1


def entries_of(content):
    """The <url> elements of a sitemap file, each as its children's (tag, text)."""
    root = ElementTree.fromstring(content)
    return [[(child.tag, child.text) for child in url] for url in root]


def locations(content):
    return re.findall(r"<loc>http://testserver([^<]+)</loc>", content.decode())


def test_the_sitemap_index_lists_a_file_per_block_of_ids_without_reading_the_articles(
    client, archive
):
    read, response = most_rows_examined(lambda: client.get("/sitemap.xml"), TABLE)

    files = [url for url in locations(response.content) if "articles" in url]
    assert files == [
        "/sitemap-articles.xml",
        *(f"/sitemap-articles.xml?p={p}" for p in range(2, archive + 1)),
    ]
    assert "<lastmod>" in response.content.decode()
    assert read <= 10


def test_each_sitemap_file_reads_only_its_own_block_of_articles(client, archive):
    read, response = most_rows_examined(lambda: client.get("/sitemap-articles.xml?p=3"), TABLE)

    assert len(locations(response.content)) == 500
    assert read <= 501


def test_the_sitemap_files_together_list_every_public_article_once(client, archive):
    Article.objects.filter(pk__in=Article.objects.order_by("pk").values("pk")[:7]).update(
        status=Article.Status.DRAFT
    )
    first_block = Article.objects.published().order_by("pk").first().pk // 500
    last_block = Article.objects.order_by("pk").last().pk // 500
    files = [
        "/sitemap-articles.xml",
        *(f"/sitemap-articles.xml?p={p}" for p in range(2, last_block - first_block + 2)),
    ]
    listed = [url for file in files for url in locations(client.get(file).content)]

    public = [a.get_absolute_url() for a in Article.objects.published().order_by("pk")]
    assert listed == public and len(public) == 2993


def test_a_sitemap_file_past_the_last_block_is_not_found(client, archive):
    assert client.get(f"/sitemap-articles.xml?p={archive + 1}").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404


def test_a_sitemap_file_says_what_djangos_own_sitemap_says(client, archive):
    response = client.get("/sitemap-articles.xml?p=2")
    # Django's way: a model instance per URL, its template.
    sitemap = ArticleSitemap()
    urls = Sitemap._urls(sitemap, 2, "http", "testserver")
    django = render_to_string("sitemap.xml", {"urlset": urls}).strip()

    def entries(root):
        return [[(child.tag, (child.text or "").strip()) for child in url] for url in root]

    ours = ElementTree.fromstring(response.content)
    assert len(entries(ours)) == 500
    # Only the address and the day: Google ignores <changefreq> and <priority>.
    assert {tag for entry in entries(ours) for tag, _ in entry} == {f"{NS}loc", f"{NS}lastmod"}
    assert entries(ours) == entries(ElementTree.fromstring(django))
    assert response["Last-Modified"] == http_date(sitemap.latest_lastmod.timestamp())


@pytest.mark.parametrize("in_database", [True, False], ids=["postgresql", "other-databases"])
def test_a_slug_is_escaped_in_its_sitemap_file(client, monkeypatch, in_database):
    monkeypatch.setattr(ArticleSitemap, "in_database", in_database)
    insert_articles(count=1, categories=[make_category()])
    # Not a valid slug, but the database would hold it.
    Article.objects.update(slug="""a&b<c>"d'e""")

    content = client.get("/sitemap-articles.xml").content.decode()

    assert "/bai-viet/a&amp;b&lt;c&gt;&quot;d&#x27;e/</loc>" in content
    ElementTree.fromstring(content)  # well-formed


def test_other_databases_get_the_sitemap_file_postgresql_writes(
    client, monkeypatch, settings, archive
):
    settings.PAGE_CACHE_SECONDS = 0  # both files rendered
    written = client.get("/sitemap-articles.xml?p=2")
    monkeypatch.setattr(ArticleSitemap, "in_database", False)

    again = client.get("/sitemap-articles.xml?p=2")

    assert again.content == written.content and written.content.count(b"<url>") == 500
    assert again["Last-Modified"] == written["Last-Modified"]


@pytest.mark.parametrize("in_database", [True, False], ids=["postgresql", "other-databases"])
def test_a_sitemap_file_dates_each_article_by_its_day_in_portal_time(
    client, monkeypatch, in_database
):
    monkeypatch.setattr(ArticleSitemap, "in_database", in_database)
    insert_articles(count=1, categories=[make_category()])
    article = Article.objects.get()
    changed = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 03:30 on 2 March in Hà Nội
    Article.objects.filter(pk=article.pk).update(updated_at=changed)

    response = client.get("/sitemap-articles.xml")

    assert f"{article.get_absolute_url()}</loc><lastmod>2026-03-02</lastmod>" in (
        response.content.decode()
    )
    assert response["Last-Modified"] == "Sun, 01 Mar 2026 20:30:00 GMT"


@pytest.mark.parametrize("in_database", [True, False], ids=["postgresql", "other-databases"])
def test_an_empty_archive_has_an_empty_sitemap_file(client, monkeypatch, in_database):
    monkeypatch.setattr(ArticleSitemap, "in_database", in_database)
    make_category()  # a site with its sections and no article yet

    response = client.get("/sitemap-articles.xml")

    assert response.status_code == 200
    assert entries_of(response.content) == []
    assert "Last-Modified" not in response


def test_the_sitemap_index_says_what_djangos_own_sitemap_index_says(client, rf, archive):
    response = client.get("/sitemap.xml")
    django = views.index(rf.get("/sitemap.xml"), SITEMAPS, sitemap_url_name=SECTION).render()

    def entries(content):
        root = ElementTree.fromstring(content)
        return [[(child.tag, (child.text or "").strip()) for child in item] for item in root]

    assert len(entries(response.content)) == archive + 2  # the home page's, the categories'
    assert response.content == django.content.strip() + b"\n"
    assert response["X-Robots-Tag"] == django["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert response.get("Last-Modified") == django.get("Last-Modified")


def test_the_sitemap_index_is_last_modified_when_every_section_has_a_last_change(
    client, monkeypatch, archive
):
    changed = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
    for section in (HomeSitemap, CategorySitemap):
        monkeypatch.setattr(section, "get_latest_lastmod", lambda self: date(2026, 3, 1))
    Article.objects.update(updated_at=changed)

    response = client.get("/sitemap.xml")

    assert response["Last-Modified"] == "Sun, 01 Mar 2026 20:30:00 GMT"
    assert "<lastmod>2026-03-02T03:30:00+07:00</lastmod>" in response.content.decode()
