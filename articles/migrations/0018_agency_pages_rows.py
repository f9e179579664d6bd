"""The three agency pages exist from the start, unpublished (readers get a
404 until an approver publishes): staff edit them, never add or delete."""

from django.db import migrations

PAGES = [
    ("gioi-thieu", "vi", "Giới thiệu"),
    ("lien-he", "vi", "Liên hệ"),
    ("en", "en", "Government Office of Viet Nam"),
]


def create(apps, schema_editor):
    Page = apps.get_model("articles", "Page")
    for kind, language, title in PAGES:
        Page.objects.get_or_create(
            kind=kind,
            defaults={"language": language, "proposed_title": title, "proposed_body": ""},
        )


def remove(apps, schema_editor):
    apps.get_model("articles", "Page").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_agency_pages")]
    operations = [migrations.RunPython(create, remove)]
