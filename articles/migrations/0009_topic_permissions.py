"""Topics for the desk: editors and approvers pick and create them (the
article form's autocomplete needs view_topic); approvers also delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPIC_PERMISSIONS = {
    "Biên tập viên": ["add_topic", "change_topic", "view_topic"],
    "Duyệt tin": ["add_topic", "change_topic", "delete_topic", "view_topic"],
}


def create_group(apps, schema_editor):
    """Add the topic permissions to the desk's groups (made by 0005)."""
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # migration-state configs lack it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in TOPIC_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_topics_and_reads")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
