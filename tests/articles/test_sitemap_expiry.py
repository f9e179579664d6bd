"""What a publish expires of the sitemap: the index and the one file that
lists the article, not the other files (each file carries its block's
surrogate key, pagecache.keys); a change that moves the first file expires
them all, since every file's number follows it."""

import pytest

from articles.models import Article
from articles.sitemaps import FILES, ArticleSitemap, block_key
from articles.workflow.services import publish_article, take_down_article
from bench.newsroom import insert_articles
from pagecache import keys
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

PER_FILE = 10
FILE = "/sitemap-articles.xml"


@pytest.fixture
def archive(monkeypatch):
    """40 public articles, in sitemap files of 10 ids; their category."""
    monkeypatch.setattr(ArticleSitemap, "limit", PER_FILE)
    category = make_category()
    insert_articles(count=40, categories=[category])
    return category


@pytest.fixture
def approver():
    return make_user("duyet-sitemap", group="Duyệt tin")


def file_keys(client):
    """{file address: the sitemap keys it carries} of every articles' file."""
    pages = ArticleSitemap().paginator.num_pages
    found = {}
    for number in range(1, pages + 1):
        address = FILE if number == 1 else f"{FILE}?p={number}"
        response = client.get(address)
        assert response.status_code == 200, address
        found[address] = {k for k in response[keys.HEADER].split() if k.startswith(FILES)}
    return found


def sitemap_keys(sent):
    return {key for key in sent if key.startswith("sitemap")}


def test_each_file_carries_its_own_blocks_key(client, archive):
    carried = file_keys(client)

    blocks = [key - {FILES} for key in carried.values()]
    assert all(FILES in key for key in carried.values())
    assert all(len(block) == 1 for block in blocks)
    assert len(set.union(*blocks)) == len(carried) >= 4


def test_a_publish_expires_the_index_and_the_file_that_lists_the_article_only(
    client, archive, expired, approver, django_capture_on_commit_callbacks
):
    article = make_article(title="Tin mới gửi duyệt", category=archive, status="submitted")
    # A public article after it: the article's block has a file even when
    # the article's id opens a new block.
    insert_articles(count=1, categories=[archive])
    carried = file_keys(client)
    expired.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish_article(article=article, by=approver)

    holding = [address for address, key in carried.items() if key & expired]
    assert sitemap_keys(expired) == {"sitemap", block_key(article.pk // PER_FILE)}
    assert len(holding) == 1
    assert article.get_absolute_url() in client.get(holding[0]).content.decode()
    index = client.get("/sitemap.xml")
    assert "sitemap" in index[keys.HEADER].split()


def test_a_take_down_in_the_first_file_expires_every_file(
    client, archive, expired, approver, django_capture_on_commit_callbacks
):
    first = Article.objects.published().order_by("pk").first()

    with django_capture_on_commit_callbacks(execute=True):
        take_down_article(article=first, by=approver)

    assert {"sitemap", FILES, block_key(first.pk // PER_FILE)} <= sitemap_keys(expired)


def test_taking_down_the_first_block_renumbers_the_files_and_expires_them(
    client, archive, expired, approver, django_capture_on_commit_callbacks
):
    first_block = Article.objects.published().order_by("pk").first().pk // PER_FILE
    in_first = Article.objects.filter(pk__lt=(first_block + 1) * PER_FILE)
    last = in_first.order_by("-pk").first()
    in_first.exclude(pk=last.pk).update(status=Article.Status.DRAFT)
    before = client.get(FILE)

    with django_capture_on_commit_callbacks(execute=True):
        take_down_article(article=last, by=approver)

    after = client.get(FILE)
    assert FILES in expired  # what page 1 (and every other number) was is gone
    assert block_key(first_block) in before[keys.HEADER].split()
    assert block_key(first_block + 1) in after[keys.HEADER].split()
