"""Document numbers and codes as their own search lexemes (text/codes.py).

Adds `search_codes`, fills it for the articles already written, and on
PostgreSQL remakes the generated `search_vector` with the codes in it as
exact lexemes (weight A), so the one GIN index answers words and codes.
array_to_tsvector and string_to_array are immutable, as a generated column
needs. Reversed by restoring the column of migration 0002 and dropping the
field.
"""

from django.db import migrations, models

WORDS = """
    setweight(to_tsvector('vietnamese'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('vietnamese'::regconfig, coalesce(summary, '')), 'B') ||
    setweight(to_tsvector('vietnamese'::regconfig, coalesce(body, '')), 'C')
"""
CODES = "setweight(array_to_tsvector(string_to_array(search_codes, ' ')), 'A')"


def _vector(expression):
    return [
        "DROP INDEX IF EXISTS article_search_idx",
        "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE articles_article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)",
    ]


def fill_codes(apps, schema_editor):
    from articles.text.codes import document_codes

    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.only("title", "summary", "body").iterator(chunk_size=500):
        article.search_codes = document_codes(article.title, article.summary, article.body)
        if article.search_codes:
            batch.append(article)
        if len(batch) >= 500:
            Article.objects.bulk_update(batch, ["search_codes"])
            batch = []
    Article.objects.bulk_update(batch, ["search_codes"])


def remake_vector(expression):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in _vector(expression):
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_old_slugs")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_codes",
            field=models.TextField(
                blank=True, db_default="", default="", editable=False, verbose_name="mã văn bản"
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.RunPython(
            remake_vector(f"{WORDS} || {CODES}"), remake_vector(WORDS)
        ),
    ]
