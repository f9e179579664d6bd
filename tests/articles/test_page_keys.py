"""What a change of an article expires (articles/caching.py): the pages it
showed on before the change as well as those it shows on after, and its
topics' pages when only its topics change."""

import pytest

from tests.factories import make_article, make_category, make_topic

pytestmark = pytest.mark.django_db


def test_moving_an_article_to_another_category_expires_both_listings(
    expired, django_capture_on_commit_callbacks
):
    article = make_article()
    old, new = article.category, make_category(name="Chuyên mục mới")
    with django_capture_on_commit_callbacks(execute=True):
        article.category = new
        article.save()

    assert {f"category-{old.pk}", f"category-{new.pk}", f"article-{article.pk}"} <= expired


def test_adding_and_removing_a_topic_expires_the_topics_pages(
    expired, django_capture_on_commit_callbacks
):
    article = make_article()
    kept, dropped = make_topic(name="Giữ lại"), make_topic(name="Bỏ đi")
    article.topics.add(kept, dropped)
    with django_capture_on_commit_callbacks(execute=True):
        article.topics.remove(dropped)
    assert {f"topic-{dropped.pk}", f"article-{article.pk}"} <= expired

    expired.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kept.articles.clear()  # from the topic's side
    assert {f"topic-{kept.pk}", f"article-{article.pk}", "home"} <= expired
