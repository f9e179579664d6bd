"""The desk's groups with least privilege.

Biên tập viên (editors) write, edit and submit articles; Duyệt tin (approvers)
also publish, schedule, return, take down and delete, and manage categories.
Neither sees votes (ratings' Kiểm duyệt viên does).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Biên tập viên"
APPROVER_GROUP = "Duyệt tin"
READ_LOGS = ["view_historicalarticle", "view_transition"]
GROUP_PERMISSIONS = {
    EDITOR_GROUP: ["add_article", "change_article", "view_article", "view_category", *READ_LOGS],
    APPROVER_GROUP: [
        "add_article",
        "change_article",
        "view_article",
        "delete_article",
        "publish_article",
        "add_category",
        "change_category",
        "view_category",
        *READ_LOGS,
    ],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # migration-state configs lack it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=APPROVER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_workflow_and_revisions")]
    operations = [migrations.RunPython(create_group, delete_group)]
