"""Gave the desk's groups the topic permissions. The staff roles are now
defined once, in vpcp_portal/roles.py, and applied by vpcp_portal's
0001_staff_roles; this step is kept, empty, because existing databases list it
as applied."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_topics_and_reads")]
    operations = []
