"""Topics (chủ đề): a page and a feed per topic, chosen in the admin with
autocomplete; Tin liên quan ranks shared topics first, then the category."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles import next_reads
from articles.paging import cursor_of
from articles.workflow.rules import Status
from tests.factories import make_article, make_category, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return make_topic(name="Chuyển đổi số")


def test_a_topic_gets_a_vietnamese_slug(topic):
    assert topic.slug == "chuyen-doi-so"
    assert topic.get_absolute_url() == "/chu-de/chuyen-doi-so/"


def test_the_topic_page_lists_its_public_articles_newest_first(client, topic):
    newer = make_article(title="Tin mới về chuyển đổi số")  # the factory dates each
    older = make_article(title="Tin cũ về chuyển đổi số")  # article a minute earlier
    draft = make_article(title="Bản nháp về chuyển đổi số", status=Status.DRAFT)
    for article in (older, newer, draft):
        article.topics.add(topic)
    make_article(title="Tin khác")

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assert [a.title for a in response.context["page"]] == [newer.title, older.title]
    assert "Chủ đề: Chuyển đổi số" in response.content.decode()


def test_a_topic_page_past_the_end_is_404(client, topic):
    oldest = make_article()
    oldest.topics.add(topic)

    assert client.get(topic.get_absolute_url(), {"sau": cursor_of(oldest)}).status_code == 404


def test_an_unknown_topic_is_404(client, db):
    assert client.get("/chu-de/khong-co/").status_code == 404


def test_the_topic_feed_lists_the_topics_articles(client, topic):
    make_article(title="Tin trong nguồn tin").topics.add(topic)
    make_article(title="Tin ngoài chủ đề")

    response = client.get(reverse("articles:topic_feed", args=[topic.slug]))
    channel = ElementTree.fromstring(response.content).find("channel")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert channel.findtext("title").startswith("Chủ đề Chuyển đổi số")
    assert [item.findtext("title") for item in channel.iter("item")] == ["Tin trong nguồn tin"]


def test_the_article_page_links_its_topics(client, topic):
    article = make_article()
    article.topics.add(topic)

    content = client.get(article.get_absolute_url()).content.decode()

    assert f'href="{topic.get_absolute_url()}"' in content


def test_related_articles_share_topics_first_then_the_category(topic):
    other_topic = make_topic(name="Cải cách hành chính")
    category = make_category()
    article = make_article(category=category)
    article.topics.add(topic, other_topic)
    both = make_article(title="Hai chủ đề chung", category=make_category())
    both.topics.add(topic, other_topic)
    one = make_article(title="Một chủ đề chung", category=make_category())
    one.topics.add(topic)
    same_category = make_article(title="Cùng chuyên mục", category=category)
    make_article(title="Không liên quan")

    related = next_reads.related(article, [topic.pk, other_topic.pk], limit=4)

    assert [a.title for a in related] == ["Hai chủ đề chung", "Một chủ đề chung", "Cùng chuyên mục"]
    assert same_category in related


def test_editors_choose_topics_with_the_admin_autocomplete(editor_client, topic):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "topics",
            "term": "chuyển",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Chuyển đổi số"]
    form = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="topics"' in form and "admin-autocomplete" in form
