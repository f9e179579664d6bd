"""A database made on the layout before the house was reorganised (read
counts in the articles app, no version number) migrates forward: the staff
groups keep every permission, no content type is duplicated, and the
article's history and the admin log still resolve to their objects."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection

from articles.models import Article
from core.roles import apply_roles
from tests.factories import make_article, make_user
from tests.migrating import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

READS_TYPE_APP = "readcounts"  # where read counts live now; the articles app held them
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
    types = set(ContentType.objects.values_list("pk", "app_label", "model"))
    assert (READS_TYPE_APP, "readcount") not in {(app, model) for _, app, model in types}
    moved = {
        (pk, READS_TYPE_APP if model == "readcount" else app, model) for pk, app, model in types
    }
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
    # What `manage.py migrate` does next: content types and permissions of new models.
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)

    assert _grants() == grants
    assert set(ContentType.objects.values_list("pk", "app_label", "model")) >= moved
    assert ContentType.objects.filter(model="readcount").count() == 1
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == article
    history = Article.history.filter(id=article.pk)
    assert history.count() == revisions
    assert {row.instance.title for row in history} == {"Bài trước khi chuyển nhà"}
