"""The desk's article list is ordered by last change, newest first: an index
on (updated_at, id) descending serves its first page. Reversed by dropping it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0018_agency_pages_rows"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-updated_at", "-id"], name="article_updated_idx"),
        ),
    ]
