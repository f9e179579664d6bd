import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Topic
from articles.uploads import prepare_lead_image
from readcounts.models import ReadCount
from tests.factories import image_upload, make_article, make_category, make_topic
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def add_articles(count):
    categories = [make_category() for _ in range(3)]
    articles = [
        make_article(category=categories[n % 3], is_featured=n % 4 == 0) for n in range(count)
    ]
    articles[0].lead_image = image_upload()
    prepare_lead_image(article=articles[0])
    articles[0].save()
    topics = [make_topic() for _ in range(3)]
    for n, article in enumerate(articles):
        article.topics.set(topics[: n % 3 + 1])
        ReadCount.objects.create(article=article, hour=timezone.now(), count=n + 1)
    return articles


def test_the_home_page_makes_as_many_queries_for_30_articles_as_for_3(client):
    add_articles(3)
    few = page_queries(client, reverse("articles:home"))
    add_articles(27)  # saving an article invalidates the cached page
    many = page_queries(client, reverse("articles:home"))
    assert many == few <= 7


def test_the_article_page_makes_as_many_queries_for_30_articles_as_for_3(client):
    article = add_articles(3)[0]
    few = page_queries(client, article.get_absolute_url())
    add_articles(27)
    many = page_queries(client, article.get_absolute_url())
    # The article, its topics, Tin liên quan (topics, then category), the
    # rail's three lists, the menu, the rating summary, the next publication.
    # With enough articles sharing a topic, Tin liên quan needs no category fill.
    assert many <= few <= 10


def test_the_category_page_makes_as_many_queries_for_30_articles_as_for_3(client):
    category = add_articles(3)[0].category
    few = page_queries(client, category.get_absolute_url())
    for _ in range(27):
        make_article(category=category)
    many = page_queries(client, category.get_absolute_url())
    assert many == few <= 6


def test_the_topic_page_makes_as_many_queries_for_30_articles_as_for_3(client):
    add_articles(3)
    topic = Topic.objects.first()
    few = page_queries(client, topic.get_absolute_url())
    add_articles(27)
    many = page_queries(client, topic.get_absolute_url())
    assert many == few <= 6
