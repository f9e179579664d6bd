"""The `Kiểm duyệt viên` (moderators) group: they see, hide, unhide and delete
votes and review suspicious bursts, and see the per-article summaries;
nothing about articles. Editors (`Biên tập viên`) get no ratings permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_GROUP = "Kiểm duyệt viên"
CODENAMES = [
    "view_vote",
    "change_vote",
    "delete_vote",
    "view_voteburst",
    "change_voteburst",
    "view_ratingsummary",
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    app_config = apps.get_app_config("ratings")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # migration-state configs lack it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="ratings", codename__in=CODENAMES)
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
