"""Editors no longer add or rename topics (core/roles.py): the newsroom's
vocabulary, which readers see at once, is the approvers'. Applies the roles
again; reversing leaves the groups as they are."""

from django.db import migrations

from core.roles import apply_roles


def apply(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("vpcp_portal", "0001_staff_roles")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
