"""Topics and categories are the newsroom's vocabulary: editors pick among
them, approvers create and rename them, and readers see a change to them,
or to an article's topics and category, at once on cached pages."""

import pytest
from django.urls import reverse

from articles.models import Article, Category, Topic
from pagecache import keys
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article, make_category, make_topic

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_editor_picks_topics_but_has_no_button_to_add_or_edit_one(client):
    article = make_article()
    client.force_login(staff("editor"))

    form = page(client, change_url(article))

    assert 'name="topics"' in form
    assert 'id="add_id_topics"' not in form and 'id="change_id_topics"' not in form
    assert 'id="add_id_category"' not in form


def test_an_editor_cannot_add_or_rename_a_topic_in_the_admin(client):
    topic = make_topic(name="Cải cách hành chính")
    client.force_login(staff("editor"))

    added = client.post(reverse("admin:articles_topic_add"), {"name": "Chủ đề tự đặt"})
    renamed = client.post(
        reverse("admin:articles_topic_change", args=[topic.pk]),
        {"name": "Tên tự đổi", "slug": topic.slug},
    )

    assert (added.status_code, renamed.status_code) == (403, 403)
    assert list(Topic.objects.values_list("name", flat=True)) == ["Cải cách hành chính"]


def test_an_approver_adds_a_topic_in_the_admin(client):
    client.force_login(staff("approver"))

    response = client.post(reverse("admin:articles_topic_add"), {"name": "Chuyển đổi số"})

    assert response.status_code == 302
    assert Topic.objects.get().slug == "chuyen-doi-so"


def test_a_renamed_topic_shows_its_new_name_on_cached_pages_at_once(client):
    topic = make_topic(name="Tên cũ của chủ đề")
    article = make_article()
    article.topics.add(topic)
    assert "Tên cũ của chủ đề" in page(client, article.get_absolute_url())  # now cached
    client.force_login(staff("approver"))

    client.post(
        reverse("admin:articles_topic_change", args=[topic.pk]),
        {"name": "Tên mới của chủ đề", "slug": ""},
    )
    client.logout()

    shown = page(client, article.get_absolute_url())
    assert "Tên mới của chủ đề" in shown and "Tên cũ của chủ đề" not in shown
    moved = client.get(reverse("articles:topic", args=["ten-cu-cua-chu-de"]))
    assert (moved.status_code, moved["Location"]) == (301, "/chu-de/ten-moi-cua-chu-de/")


def test_a_renamed_category_shows_its_new_name_in_every_cached_menu(client):
    category = make_category(name="Tên cũ chuyên mục")
    make_article(category=category)
    assert "Tên cũ chuyên mục" in page(client, reverse("articles:home"))
    client.force_login(staff("approver"))

    client.post(
        reverse("admin:articles_category_change", args=[category.pk]),
        {"name": "Tên mới chuyên mục", "slug": category.slug, "order": 0, "description": ""},
    )
    client.logout()

    shown = page(client, reverse("articles:home"))
    assert "Tên mới chuyên mục" in shown and "Tên cũ chuyên mục" not in shown


def test_moving_an_article_to_another_category_takes_it_off_the_old_cached_listing(
    client, expired, django_capture_on_commit_callbacks
):
    old, new = make_category(name="Chuyên mục cũ"), make_category(name="Chuyên mục mới")
    article = make_article(title="Bài chuyển chuyên mục", category=old)
    assert "Bài chuyển chuyên mục" in page(client, old.get_absolute_url())
    client.force_login(staff("approver"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(article), change_form(article, category=new.pk))
    client.logout()

    assert {keys.of(Category, old.pk), keys.of(Category, new.pk)} <= expired
    assert "Bài chuyển chuyên mục" not in page(client, old.get_absolute_url())
    assert "Bài chuyển chuyên mục" in page(client, new.get_absolute_url())


def test_an_article_moved_between_topics_leaves_the_old_cached_topic_page(
    client, expired, django_capture_on_commit_callbacks
):
    topic, other = make_topic(name="Chủ đề cũ"), make_topic(name="Chủ đề mới")
    article = make_article(title="Bài rời chủ đề")
    article.topics.add(topic)
    assert "Bài rời chủ đề" in page(client, topic.get_absolute_url())
    client.force_login(staff("approver"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(article), change_form(article, topics=[other.pk]))
    client.logout()

    assert {keys.of(Topic, topic.pk), keys.of(Topic, other.pk)} <= expired
    assert "Bài rời chủ đề" in page(client, other.get_absolute_url())
    assert "Bài rời chủ đề" not in page(client, topic.get_absolute_url())


def test_readers_keep_the_approved_topics_until_an_approver_approves_the_editors(client):
    approved, proposed = make_topic(name="Chủ đề đã duyệt"), make_topic(name="Chủ đề đề xuất")
    article = make_article(title="Bài có chủ đề")
    article.topics.add(approved)
    feed = {t: reverse("articles:topic_feed", args=[t.slug]) for t in (approved, proposed)}
    client.force_login(staff("editor"))

    client.post(change_url(article), change_form(article, topics=[proposed.pk]))
    client.logout()

    shown = page(client, article.get_absolute_url())
    assert "Chủ đề đã duyệt" in shown and "Chủ đề đề xuất" not in shown
    assert "Bài có chủ đề" in page(client, feed[approved])
    assert "Bài có chủ đề" not in page(client, feed[proposed])
    assert "Bài có chủ đề" not in page(client, proposed.get_absolute_url())
    client.force_login(staff("approver"))
    form = client.get(change_url(article)).context["adminform"].form
    assert [int(pk) for pk in form["topics"].value()] == [proposed.pk]  # the proposal shown
    client.post(
        change_url(article), change_form(article, topics=[proposed.pk], _approve_change="1")
    )
    client.logout()

    shown = page(client, article.get_absolute_url())
    assert "Chủ đề đề xuất" in shown and "Chủ đề đã duyệt" not in shown
    assert "Bài có chủ đề" in page(client, feed[proposed])
    assert "Bài có chủ đề" not in page(client, feed[approved])
    assert article.get_absolute_url() in page(
        client, reverse("articles:sitemap_section", args=["articles"])
    )
    assert list(Article.objects.get(pk=article.pk).topics.all()) == [proposed]


def test_linking_a_topic_outside_the_desk_expires_the_pages_of_both(
    expired, django_capture_on_commit_callbacks
):
    topic, article = make_topic(), make_article()

    with django_capture_on_commit_callbacks(execute=True):
        topic.articles.add(article)
    with django_capture_on_commit_callbacks(execute=True):
        article.topics.clear()

    assert {keys.of(Topic, topic.pk), keys.for_object(article)} <= expired
