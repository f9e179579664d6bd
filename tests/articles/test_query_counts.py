import pytest
from django.urls import reverse

from articles.models import Topic
from articles.reads import ReadCount
from tests.factories import image_upload, make_article, make_category

pytestmark = pytest.mark.django_db


def add_articles(count):
    categories = [make_category() for _ in range(3)]
    articles = [
        make_article(category=categories[n % 3], is_featured=n % 4 == 0) for n in range(count)
    ]
    articles[0].lead_image = image_upload()
    articles[0].save()
    topics = [Topic.objects.create(name=f"Chủ đề {n}") for n in range(3)]
    for n, article in enumerate(articles):
        article.topics.set(topics[: n % 3 + 1])
        ReadCount.objects.create(article=article, hour=article.published_at, count=n + 1)
    return articles


@pytest.mark.parametrize("count", [3, 30])
def test_the_home_page_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    add_articles(count)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("articles:home")).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_article_page_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    article = add_articles(count)[0]
    # The article, its topics, Tin liên quan (topics, then category), the
    # rail's three lists, the menu, the rating summary, the next publication.
    with django_assert_max_num_queries(10):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_category_page_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    category = add_articles(count)[0].category
    with django_assert_max_num_queries(6):
        assert client.get(category.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_topic_page_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    add_articles(count)
    topic = Topic.objects.first()
    with django_assert_max_num_queries(6):
        assert client.get(topic.get_absolute_url()).status_code == 200
