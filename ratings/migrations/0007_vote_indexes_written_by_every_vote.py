"""Drop the vote indexes no query needs: every vote writes an entry into each.

rating_vote_net_idx and rating_vote_ip_idx served the vote-time checks that
rating_vote_net_day_idx now serves alone; the article's own index is covered
by rating_vote_one_per_voter and rating_vote_article_idx, which lead with the
article. Only drops: no lock is held longer than the drop itself. Django's
AlterField would drop and add the foreign key again, validating every vote
under a lock that stops voting, so the article's index is dropped by name.
"""

import django.db.models.deletion
from django.db import migrations, models

ARTICLE_INDEX = "ratings_vote_article_id_cbdb13a8"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_search_code_parts"),
        ("ratings", "0006_summary_count_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="vote", name="rating_vote_net_idx"),
        migrations.RemoveIndex(model_name="vote", name="rating_vote_ip_idx"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="vote",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rating_votes",
                        to="articles.article",
                        verbose_name="bài viết",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{ARTICLE_INDEX}"',
                    reverse_sql=f'CREATE INDEX "{ARTICLE_INDEX}" ON "ratings_vote" ("article_id")',
                ),
            ],
        ),
    ]
