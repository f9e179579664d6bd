"""A database made while read counts lived in the articles app migrates
forward: its counts stay where they are, the content type is renamed (not
made anew), and the permissions groups hold on read counts and the admin log
entries about them follow it."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from readcounts.models import ReadCount
from tests.factories import make_article, make_user
from tests.migrating import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

# The last state before the move: ReadCount in articles, no readcounts app.
LAST_BEFORE = ("articles", "0009_topic_permissions")
BEFORE = [LAST_BEFORE, ("readcounts", None)]
HOUR = datetime(2026, 1, 5, 8, tzinfo=UTC)


@pytest.mark.parametrize("fresh_type_too", [False, True], ids=["old-only", "both-types"])
def test_a_database_from_before_the_move_keeps_its_reads_permissions_and_log(
    latest_migrations, fresh_type_too
):
    article = make_article()
    user = make_user(superuser=True)

    executor = migrate_to(BEFORE)

    # Going back renamed the content type to where the old code had it.
    assert not ContentType.objects.filter(app_label="readcounts").exists()
    old_type = ContentType.objects.get(app_label="articles", model="readcount")
    old_apps = executor.loader.project_state(LAST_BEFORE).apps
    OldReadCount = old_apps.get_model("articles", "ReadCount")
    row = OldReadCount.objects.create(article_id=article.pk, hour=HOUR, count=7)
    group = Group.objects.create(name="Thống kê")
    group.permissions.set(Permission.objects.filter(content_type=old_type))
    held = set(group.permissions.values_list("pk", "codename"))
    assert {codename for _, codename in held} >= {"view_readcount", "change_readcount"}
    entry = LogEntry.objects.create(
        user=user,
        content_type=old_type,
        object_id=str(row.pk),
        object_repr=str(row.pk),
        action_flag=ADDITION,
    )
    if fresh_type_too:
        # What post_migrate makes if it runs between the two apps' migrations.
        fresh = ContentType.objects.create(app_label="readcounts", model="readcount")
        Permission.objects.create(content_type=fresh, codename="view_readcount", name="x")

    migrate_to(latest_migrations)

    read_types = ContentType.objects.filter(model="readcount")
    assert [(t.pk, t.app_label) for t in read_types] == [(old_type.pk, "readcounts")]
    assert ContentType.objects.get_for_model(ReadCount).pk == old_type.pk
    moved = ReadCount.objects.get(pk=row.pk)
    assert (moved.article_id, moved.hour, moved.count) == (article.pk, HOUR, 7)
    assert set(Group.objects.get(pk=group.pk).permissions.values_list("pk", "codename")) == held
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == moved
    member = make_user()
    member.groups.add(group)
    assert member.has_perm("readcounts.view_readcount")
