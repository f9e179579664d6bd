"""The `Biên tập viên` (editors) group: articles and categories, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Biên tập viên"
CODENAMES = [
    f"{action}_{model}"
    for model in ("article", "category")
    for action in ("add", "change", "delete", "view")
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # migration-state configs lack it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_vector"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
