"""The article's version number (optimistic concurrency), on the article and
on each revision; existing rows start at 1."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_readcount_leaves_for_readcounts")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="version",
            field=models.PositiveIntegerField(
                db_default=1, default=1, editable=False, verbose_name="số phiên bản"
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="version",
            field=models.PositiveIntegerField(
                db_default=1, default=1, editable=False, verbose_name="số phiên bản"
            ),
        ),
    ]
