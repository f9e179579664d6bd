"""ReadCount moved to the readcounts app (its 0001 takes it over): removed
from this app's state only. The table stays, with its rows, under its name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_topic_permissions")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReadCount")],
            database_operations=[],
        ),
    ]
