"""The staff roles' groups and permissions, as core/roles.py defines
them (the desk's and the moderators'). Earlier databases got the same groups
from articles 0003/0005/0009 and ratings 0002, now no-ops; applying the roles
again changes nothing there. Reversing leaves the groups: their members keep
them, as they did before this migration."""

from django.db import migrations

from core.roles import apply_roles


def create_groups(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_topic_permissions"),
        ("ratings", "0004_held_votes_and_network_quotas"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
