"""The writing services (articles.writing): text normalised, body sanitized
and slug made in one place, called by the admin, the workflow, seed_demo and
the factories; a model's save() outside them only fills a missing slug."""

import pytest
from django.core.management import call_command
from django.urls import reverse

import articles.admin.taxonomy
import articles.workflow.revisions
import articles.writing
import tests.factories
from articles.demo import ARTICLES, CATEGORIES, TOPICS
from articles.models import Article, Category, Topic
from articles.workflow.revisions import pending_revision, save_edit
from articles.writing import store_article, store_category, store_topic
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_article, make_category, make_topic, make_user

pytestmark = pytest.mark.django_db

SOFT_HYPHEN, VT = "\u00ad", "\u000b"


def spy(monkeypatch, module, name):
    """Record the keyword arguments of each call of `module.name`, which still runs."""
    calls = []
    real = getattr(module, name)

    def recording(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


def test_a_model_save_outside_the_services_gets_a_free_slug_but_no_cleaning():
    """What an outside tool's `get_or_create` does: the row gets a slug no
    other row has, and the normalising stays the services' work."""
    category = make_category(name="Kinh tế")
    rows = [
        Article(title=f"Tin{SOFT_HYPHEN} mới", summary="s", body="<p>b</p>", category=category),
        Category(name="KINH TẾ"),  # another name, the same slug
        Topic(name=f"Chuyển{SOFT_HYPHEN} đổi số"),
    ]
    for row in rows:
        row.save()

    assert [row.slug for row in rows] == ["tin-moi", "kinh-te-2", "chuyen-doi-so"]
    assert Topic.objects.get().name == f"Chuyển{SOFT_HYPHEN} đổi số"


def test_the_services_normalise_sanitize_and_make_the_slug():
    category = store_category(category=Category(name=f"Kinh{VT}tế", description=f"Một{VT}hai"))
    topic = store_topic(topic=Topic(name=f"Chuyển{SOFT_HYPHEN} đổi số"))
    article = store_article(
        article=Article(
            title=f"Tin{SOFT_HYPHEN} mới",
            summary="Tóm tắt",
            body="<p>Đoạn</p><script>alert(1)</script>",
            category=category,
        )
    )
    category.refresh_from_db()
    topic.refresh_from_db()
    article.refresh_from_db()
    assert (category.name, category.slug) == ("Kinh tế", "kinh-te")
    assert VT not in category.description
    assert (topic.name, topic.slug) == ("Chuyển đổi số", "chuyen-doi-so")
    assert (article.title, article.slug) == ("Tin mới", "tin-moi")
    assert article.body == "<p>Đoạn</p>"


def test_a_pending_revision_is_stored_sanitized():
    article = make_article()
    editor = make_user(group="Biên tập viên")
    article.body = "<p>Sửa</p><script>alert(1)</script>"
    assert save_edit(article=article, by=editor) is True
    article.refresh_from_db()
    assert pending_revision(article).body == "<p>Sửa</p>"


def test_the_admin_saves_categories_and_topics_through_the_services(admin_client, monkeypatch):
    categories = spy(monkeypatch, articles.admin.taxonomy, "store_category")
    topics = spy(monkeypatch, articles.admin.taxonomy, "store_topic")
    admin_client.post(
        reverse("admin:articles_category_add"),
        {"name": "Kinh tế", "slug": "", "order": 3, "description": ""},
    )
    admin_client.post(reverse("admin:articles_topic_add"), {"name": "Kinh tế số", "slug": ""})
    assert [call["category"].slug for call in categories] == ["kinh-te"]
    assert [call["topic"].slug for call in topics] == ["kinh-te-so"]
    assert Category.objects.get(slug="kinh-te").order == 3


def test_the_article_admin_saves_through_the_service(approver_client, monkeypatch):
    calls = spy(monkeypatch, articles.workflow.revisions, "store_article")
    approver_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), title="Họp báo")
    )
    assert [call["article"].slug for call in calls] == ["hop-bao"]


def test_the_factories_save_through_the_services(monkeypatch):
    calls = {
        name: spy(monkeypatch, tests.factories, name)
        for name in ["store_article", "store_category", "store_topic"]
    }
    make_article()
    make_topic()
    assert {name: len(made) for name, made in calls.items()} == {
        "store_article": 1,
        "store_category": 1,
        "store_topic": 1,
    }


@pytest.mark.slow
def test_seed_demo_saves_through_the_services(monkeypatch):
    calls = {
        name: spy(monkeypatch, articles.writing, name)
        for name in ["store_article", "store_category", "store_topic"]
    }
    call_command("seed_demo", stdout=None)
    assert {name: len(made) for name, made in calls.items()} == {
        "store_article": len(ARTICLES),
        "store_category": len(CATEGORIES),
        "store_topic": len(TOPICS),
    }
