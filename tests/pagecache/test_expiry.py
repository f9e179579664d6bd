"""Expiry by surrogate key: what a change names, what a page carries, and
what apps register (pagecache.expire, pagecache.keys, pagecache.registry)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.urls import reverse
from django.utils import timezone

import pagecache
from articles.sitemaps import ArticleSitemap
from pagecache import generation, keys, registry, schedule
from ratings.services import moderation
from tests.factories import make_article, make_category, make_topic, make_user
from tests.ratings.factories import make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired():
    """The key sets pagecache.pages_expired is sent with, in order."""
    sent = []

    def receiver(keys, **_):
        sent.append(keys)

    pagecache.pages_expired.connect(receiver, dispatch_uid="test-expired")
    yield sent
    pagecache.pages_expired.disconnect(dispatch_uid="test-expired")


def page_keys(response):
    return set(response[keys.HEADER].split())


def test_saving_an_article_expires_the_pages_that_show_it(
    expired, django_capture_on_commit_callbacks
):
    article = make_article()
    topic = make_topic(name="Chuyển đổi số")
    article.topics.add(topic)
    before = generation.page_generation()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Tiêu đề mới"
        article.save()

    assert expired == [
        {
            f"article-{article.pk}",
            f"category-{article.category_id}",
            f"topic-{topic.pk}",
            "home",
            "articles",
            "search",
            "feeds",
            "sitemap",
            # Its sitemap file, and every file: it is the first public
            # article (tests/articles/test_sitemap_expiry.py).
            "sitemap-articles",
            f"sitemap-articles-{article.pk // ArticleSitemap.limit}",
        }
    ]
    # The in-app store expires every page for any key, at once and on commit.
    assert generation.page_generation() == before + 2


def test_a_category_change_expires_every_page_and_a_topic_its_own(
    expired, django_capture_on_commit_callbacks
):
    category = make_category()
    topic = make_topic(name="Cải cách hành chính")
    topic_key = f"topic-{topic.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Tên mới"
        category.save()
        topic.delete()
    assert expired == [{keys.EVERY_PAGE}, {topic_key, "articles", "feeds", "sitemap"}]


def test_public_pages_carry_the_keys_of_what_they_show(client):
    article = make_article()
    topic = make_topic(name="Kinh tế số")

    assert page_keys(client.get(reverse("articles:home"))) == {"pages", "home"}
    detail = client.get(article.get_absolute_url())
    assert page_keys(detail) == {"pages", "articles", f"article-{article.pk}"}
    # A cached page keeps its keys.
    assert page_keys(client.get(article.get_absolute_url())) == page_keys(detail)
    assert page_keys(client.get(article.category.get_absolute_url())) == {
        "pages",
        f"category-{article.category_id}",
    }
    assert page_keys(client.get(topic.get_absolute_url())) == {"pages", f"topic-{topic.pk}"}
    assert page_keys(client.get(reverse("articles:feed"))) == {"pages", "feeds"}
    assert page_keys(client.get(reverse("articles:robots"))) == {"pages"}


def test_a_moderators_action_expires_the_article_and_the_home_page(
    expired, django_capture_on_commit_callbacks
):
    vote = make_vote()
    moderator = make_user("kiemduyet", group="Kiểm duyệt viên")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_votes(votes=[vote], actor=moderator)
    assert expired == [{f"article-{vote.article_id}", "home"}]


def test_a_readers_vote_expires_nothing(expired, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        make_vote(article)
    assert expired == []


def test_a_migrate_expires_every_page(expired, django_capture_on_commit_callbacks):
    before = generation.page_generation()
    with django_capture_on_commit_callbacks(execute=True):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert generation.page_generation() > before
    assert expired == [{keys.EVERY_PAGE}]


def test_malformed_keys_are_refused():
    with pytest.raises(ValueError, match="malformed"):
        pagecache.expire(["article 5"])
    with pytest.raises(ValueError, match="not the string"):
        pagecache.expire("home")
    with pytest.raises(ValueError, match="malformed"):
        keys.declare(object(), "Trang chủ")
    pagecache.expire([])  # nothing to expire: no error, no bump


def test_a_registered_model_expires_the_keys_it_names(expired, django_capture_on_commit_callbacks):
    """An app registers its model without the page cache importing it (here
    Django's Group stands for any app's model)."""
    registry.expire_on_change(Group, lambda group: [keys.for_object(group), "staff"])
    try:
        with django_capture_on_commit_callbacks(execute=True):
            group = Group.objects.create(name="Nhóm thử")
        assert expired == [{f"group-{group.pk}", "staff"}]
    finally:
        post_save.disconnect(sender=Group, dispatch_uid="pagecache-auth.group-save")
        post_delete.disconnect(sender=Group, dispatch_uid="pagecache-auth.group-delete")
        pre_save.disconnect(sender=Group, dispatch_uid="pagecache-auth.group-before-save")
        pre_delete.disconnect(sender=Group, dispatch_uid="pagecache-auth.group-before-delete")
        registry._receivers.pop(Group)


def test_pages_are_not_kept_past_the_earliest_registered_moment(monkeypatch):
    soon = timezone.now() + timedelta(seconds=40)
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(registry, "_moments", [])
    monkeypatch.setattr(schedule, "_next_change", [None, 0.0])
    registry.next_change_at(lambda: later)
    registry.next_change_at(lambda: None)
    registry.next_change_at(lambda: soon)
    assert registry.next_change() == soon
    assert 30 <= schedule.seconds_until_next_change(generation.page_generation()) <= 40
