"""ReadCount, taken over from the articles app (its 0010 lets it go) without
moving data: the state gets the model with the table articles made
(`articles_readcount`), the database is not changed. Its content type is
renamed (articles -> readcounts), not made anew, so the permissions staff
groups hold on read counts and the admin log entries stay attached."""

import django.db.models.deletion
from django.db import migrations, models

MODEL = "readcount"


def _move_content_type(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    types = ContentType.objects.db_manager(schema_editor.connection.alias)
    old = types.filter(app_label=source, model=MODEL).first()
    if old is None:
        return  # a new database: post_migrate makes the content type
    # A content type under the target exists only if post_migrate ran between
    # the two apps' migrations: it is new and held by nobody, while the old
    # row carries the groups' permissions and the log, so the old row wins.
    stale = types.filter(app_label=target, model=MODEL)
    Permission.objects.filter(content_type__in=stale).delete()
    stale.delete()
    old.app_label = target
    old.save(update_fields=["app_label"])
    types.clear_cache()


def forward(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="articles", target="readcounts")


def backward(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="readcounts", target="articles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0010_readcount_leaves_for_readcounts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReadCount",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("hour", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="read_counts",
                                to="articles.article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "lượt xem",
                        "verbose_name_plural": "lượt xem",
                        "db_table": "articles_readcount",
                        "indexes": [
                            models.Index(fields=["hour", "article"], name="readcount_hour_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "hour"), name="readcount_article_hour"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
