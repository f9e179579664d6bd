"""Gave the desk's groups the topic permissions. The staff roles are now
defined once, in core/roles.py, and applied by
core/migrations/0001_staff_roles.py (app label vpcp_portal);
0001_staff_roles; this step is kept, empty, because existing databases list it
as applied."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_topics_and_reads")]
    operations = []
