"""Made the `Kiểm duyệt viên` (moderators) group. The staff roles are now
defined once, in core/roles.py, and applied by
core/migrations/0001_staff_roles.py (app label vpcp_portal);
this step is kept, empty, because existing databases list it as applied."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = []
