"""Clean the text of rows stored before text was normalised on save: NFC, no
XML-forbidden or invisible characters (see articles.text). Only rows that
change are written; nothing to undo."""

from django.db import migrations

ARTICLE_LINES = ["title", "lead_image_caption", "source"]
ARTICLE_TEXTS = ["summary", "body"]


def clean_rows(apps, schema_editor):
    from articles.text import clean_line, clean_text

    for model_name, lines, texts in [
        ("Article", ARTICLE_LINES, ARTICLE_TEXTS),
        ("Category", ["name"], ["description"]),
    ]:
        model = apps.get_model("articles", model_name)
        for row in model.objects.only("pk", *lines, *texts).iterator(chunk_size=2000):
            changed = {name: clean_line(getattr(row, name)) for name in lines}
            changed |= {name: clean_text(getattr(row, name)) for name in texts}
            changed = {k: v for k, v in changed.items() if v != getattr(row, k)}
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_desk_groups")]
    operations = [migrations.RunPython(clean_rows, migrations.RunPython.noop)]
