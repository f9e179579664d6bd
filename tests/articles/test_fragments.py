"""Blocks that change only on publish are rendered once per publish, even
with the page cache off; a publish, an edit or a scheduled time shows at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from readcounts.models import ReadCount
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_warm_pages_query_only_what_is_not_a_published_fragment(client, django_assert_num_queries):
    article = make_article()
    make_article(category=article.category)
    client.get(reverse("articles:home"))
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):  # the top-rated list is kept too
        assert client.get(reverse("articles:home")).status_code == 200
    with django_assert_num_queries(1):  # its rating (the article and Đọc nhiều are kept)
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_publish_shows_in_the_home_page_blocks_at_once(client):
    first = make_article(title="Tin đầu tiên", is_featured=True)
    assert "Tin đầu tiên" in client.get(reverse("articles:home")).content.decode()
    make_article(title="Tin vừa xuất bản", category=first.category, is_featured=True)
    assert "Tin vừa xuất bản" in client.get(reverse("articles:home")).content.decode()


def test_a_vote_shows_in_the_rating_widget_at_once(client):
    from ratings.models import RatingSummary

    article = make_article()
    client.get(article.get_absolute_url())
    RatingSummary.objects.update_or_create(
        article=article, defaults={"count": 1, "total": 4, "count_4": 1}
    )
    assert "1 lượt đánh giá" in client.get(article.get_absolute_url()).content.decode()


def test_a_new_category_shows_in_the_menu_at_once(client):
    client.get(reverse("articles:home"))
    make_category(name="Chuyên mục mới mở")
    assert "Chuyên mục mới mở" in client.get(reverse("articles:home")).content.decode()


def test_an_edit_shows_on_the_article_page_at_once(client):
    article = make_article(body="<p>Nội dung cũ</p>")
    client.get(article.get_absolute_url())
    article.body = "<p>Nội dung mới</p>"
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Nội dung mới" in content and "Nội dung cũ" not in content


def test_a_scheduled_article_appears_in_the_blocks_when_its_time_comes(client, time_machine):
    make_article(title="Tin đang có")
    soon = make_article(title="Tin hẹn giờ", published_at=timezone.now() + timedelta(seconds=60))
    assert "Tin hẹn giờ" not in client.get(reverse("articles:home")).content.decode()
    time_machine.move_to(soon.published_at + timedelta(seconds=1))
    assert "Tin hẹn giờ" in client.get(reverse("articles:home")).content.decode()


def test_an_unpublished_article_answers_404_at_once(client):
    article = make_article()
    client.get(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def most_read_block(client, article):
    content = client.get(article.get_absolute_url()).content.decode()
    return content.partition('id="rail-doc-nhieu"')[2].partition("</section>")[0]


def this_hour():
    """The hour a read counted now is folded under. Not the factory's
    publication time: it steps back a minute per article the session made, and
    leaves the Đọc nhiều window once a full run has made more than 1,440."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def test_most_read_follows_the_folded_reads_within_the_fold_interval(
    client, settings, time_machine
):
    settings.READS_FOLD_SECONDS = 60
    reading, popular = make_article(), make_article(title="Tin được đọc nhiều")
    assert "Tin được đọc nhiều" not in most_read_block(client, reading)
    ReadCount.objects.create(article=popular, hour=this_hour(), count=40)  # a fold
    time_machine.move_to(timezone.now() + timedelta(seconds=61))
    assert "Tin được đọc nhiều" in most_read_block(client, reading)


def test_an_unpublished_article_leaves_most_read_at_once(client):
    reading, popular = make_article(), make_article(title="Tin sẽ bị gỡ")
    ReadCount.objects.create(article=popular, hour=this_hour(), count=40)
    assert "Tin sẽ bị gỡ" in most_read_block(client, reading)
    popular.status = Article.Status.DRAFT
    popular.save()
    assert "Tin sẽ bị gỡ" not in most_read_block(client, reading)
