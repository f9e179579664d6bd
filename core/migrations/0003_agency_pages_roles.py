"""Editors propose changes to the agency's pages and approvers publish them
(core/roles.py). Applies the roles again; reversing leaves the groups as they are."""

from django.db import migrations

from core.roles import apply_roles


def apply(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("vpcp_portal", "0002_vocabulary_is_the_approvers"), ("articles", "0017_agency_pages")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
