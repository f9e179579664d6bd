"""Full-text search for Vietnamese on PostgreSQL.

PostgreSQL has no Vietnamese configuration and unaccent() cannot be indexed
directly, so a `vietnamese` configuration is copied from `simple` with the
`unaccent` dictionary in front; a stored generated column feeds a GIN index.
to_tsvector(regconfig, text) is immutable, which a generated column needs.
On other databases (SQLite in development) nothing is created and
PublishedQuerySet.search() matches in Python instead.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS vietnamese",
    "CREATE TEXT SEARCH CONFIGURATION vietnamese (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION vietnamese "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('vietnamese'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('vietnamese'::regconfig, coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('vietnamese'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS vietnamese",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
