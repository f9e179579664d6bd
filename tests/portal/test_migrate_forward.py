"""A database made on the layout before the house was reorganised (read
counts in the articles app, no version number) migrates forward: the staff
groups keep every permission, no content type is duplicated, and the
article's history and the admin log still resolve to their objects."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from articles.models import Article
from core.roles import apply_roles
from tests.factories import make_article, make_user
from tests.migrating import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

OLD_LAYOUT = [("articles", "0009_topic_permissions"), ("readcounts", None)]


def _grants():
    return {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }


def test_the_old_layout_migrates_forward_with_groups_history_and_log_intact(latest_migrations):
    article = make_article(title="Bài trước khi chuyển nhà")
    editor = make_user(superuser=True)
    apply_roles(apps)  # the groups a migration made (a flush between tests removes them)
    migrate_to(OLD_LAYOUT)

    grants = _grants()
    assert {"Biên tập viên", "Duyệt tin", "Kiểm duyệt viên"} <= set(grants)
    types = sorted(ContentType.objects.values_list("pk", "model"))
    article_type = ContentType.objects.get(app_label="articles", model="article")
    entry = LogEntry.objects.create(
        user=editor,
        content_type=article_type,
        object_id=str(article.pk),
        object_repr=article.title,
        action_flag=CHANGE,
    )
    with connection.cursor() as cursor:
        history_table = Article.history.model._meta.db_table
        cursor.execute(f"SELECT count(*) FROM {history_table} WHERE id = %s", [article.pk])
        (revisions,) = cursor.fetchone()
    assert revisions >= 1

    migrate_to(latest_migrations)

    assert _grants() == grants
    assert sorted(ContentType.objects.values_list("pk", "model")) == types
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == article
    history = Article.history.filter(id=article.pk)
    assert history.count() == revisions
    assert {row.instance.title for row in history} == {"Bài trước khi chuyển nhà"}
