"""Articles by the thousand, for the bench (bench/seed.py) and the tests that
need a table the size of a real newsroom's: one factory, so both measure the
same rows. Imports the models: load it once Django is set up."""

from collections.abc import Sequence

from django.db import connection

from articles.models import Article, Category


def insert_articles(
    *,
    count: int,
    categories: Sequence[Category],
    title: str = "Tin số",
    summary: str = "Tóm tắt",
    paragraph: str = "<p>Nội dung</p>",
    paragraphs: int = 1,
    minutes_apart: int = 1,
    featured_every: int = 0,
    source: str = "",
) -> None:
    """Insert `count` public articles with one INSERT ... SELECT (PostgreSQL),
    bypassing save() and its signals (no revisions, no page-cache bump).

    Args:
        count: how many articles; none when 0 or less.
        categories: spread round-robin over these (at least one).
        title, summary: each article's text, followed by its number n.
        paragraph, paragraphs: the body is `paragraph` repeated `paragraphs` times.
        minutes_apart: article n was published n × this many minutes ago.
        featured_every: every article whose n is a multiple is featured (0: none).
        source: the "nguồn / tác giả" field.

    Numbers continue after the largest article id, so slugs (tin-so-<n>)
    stay unique across calls. Statistics are refreshed (ANALYZE) so the
    planner sees the new size at once.
    """
    if count <= 0:
        return
    table = Article._meta.db_table
    category_ids = [category.pk for category in categories]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        cursor.execute(
            f"""
            INSERT INTO {table}
                (title, slug, summary, body, category_id, status, published_at, is_featured,
                 lead_image, lead_image_caption, image_thumb, image_large, source,
                 created_at, updated_at)
            SELECT %(title)s || ' ' || n, 'tin-so-' || n, %(summary)s || ' ' || n,
                   repeat(%(paragraph)s, %(paragraphs)s),
                   (%(categories)s::bigint[])[1 + n %% %(spread)s], %(status)s,
                   now() - n * %(minutes)s * interval '1 minute',
                   %(featured)s > 0 AND n %% greatest(%(featured)s, 1) = 0,
                   '', '', '', '', %(source)s, now(), now()
            FROM generate_series(%(first)s, %(last)s) AS n
            """,
            {
                "title": title,
                "summary": summary,
                "paragraph": paragraph,
                "paragraphs": paragraphs,
                "categories": category_ids,
                "spread": len(category_ids),
                "status": Article.Status.PUBLISHED.value,
                "minutes": minutes_apart,
                "featured": featured_every,
                "source": source,
                "first": first,
                "last": first + count - 1,
            },
        )
        cursor.execute(f"ANALYZE {table}")
