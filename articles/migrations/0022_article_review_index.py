"""The approvers' queue (submitted articles and those with a pending
revision, last changed first) reads a partial index of just those articles
instead of scanning the archive for them. Reversed by dropping it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0021_page_revisions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-updated_at", "-id"],
                condition=models.Q(status="submitted") | models.Q(has_pending_revision=True),
                name="article_review_idx",
            ),
        ),
    ]
