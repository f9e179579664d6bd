"""Made the desk's groups (Biên tập viên, Duyệt tin). The staff roles are now
defined once, in core/roles.py, and applied by
core/migrations/0001_staff_roles.py (app label vpcp_portal);
0001_staff_roles; this step is kept, empty, because existing databases list it
as applied."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_workflow_and_revisions")]
    operations = []
