import pytest
from django.db import connection

from bench.newsroom import insert_articles
from ratings import selectors
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def test_the_most_highly_rated_list_reads_an_index_not_every_rated_article():
    category = make_category()
    insert_articles(count=5000, categories=[category])
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO ratings_ratingsummary
                (article_id, count, total, count_1, count_2, count_3, count_4, count_5)
            SELECT id, 1 + id %% 7 + id %% 13, 1 + id %% 7 + 5 * (id %% 13),
                   1 + id %% 7, 0, 0, 0, id %% 13
            FROM articles_article WHERE category_id = %s
            """,
            [category.pk],
        )
        cursor.execute("ANALYZE ratings_ratingsummary")
    best = selectors.top_rated_articles(limit=5)
    scores = [article.rating_score for article in best]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5

    with connection.cursor() as cursor:
        query, params = selectors.top_rated_queryset(limit=5).query.sql_with_params()
        cursor.execute("EXPLAIN " + query, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "rating_summary_bayes_idx" in plan
    assert "Seq Scan on ratings_ratingsummary" not in plan
