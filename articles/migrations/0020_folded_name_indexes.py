"""Category and topic names found without marks, on an index (PostgreSQL).

unaccent() is only STABLE (its dictionary could change), so it cannot be
indexed as it is: `vpcp_fold` wraps it with a fixed dictionary, then lower
case, and is declared IMMUTABLE. A trigram GIN index on `vpcp_fold(name)`
serves `LIKE '%...%'`, which is how the admin's search and autocomplete
match a name (articles/folded_names.py). Both functions are called with the
schema their extension lives in, so the index does not depend on the
search_path. The vocabulary changes rarely, so new names go straight into the
index (no pending list, which the planner would count against the index
until a vacuum). On other databases nothing is created; the names are folded in
Python there.
"""

from django.db import migrations

INDEXES = {"category_name_fold_idx": "articles_category", "topic_name_fold_idx": "articles_topic"}


def schema_of(cursor, extension):
    cursor.execute(
        "SELECT quote_ident(n.nspname) FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = %s",
        [extension],
    )
    return cursor.fetchone()[0]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as cursor:
        unaccent, trgm = schema_of(cursor, "unaccent"), schema_of(cursor, "pg_trgm")
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION vpcp_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({unaccent}.unaccent('{unaccent}.unaccent'::regdictionary, $1)) $$"
    )
    for index, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (vpcp_fold(name) {trgm}.gin_trgm_ops) "
            "WITH (fastupdate = off)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute("DROP FUNCTION IF EXISTS vpcp_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_article_updated_index")]
    operations = [migrations.RunPython(forward, backward)]
