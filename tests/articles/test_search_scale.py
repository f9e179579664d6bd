"""Search at archive size: a word in every article ranks a bounded number of
candidates and carries no text-search vector in its rows; a rare word reads
its few matches through the index (EXPLAIN ANALYZE, tests/queries.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search as search_module
from articles.models import Article
from articles.search import CappedPaginator, SearchForm, find
from bench.newsroom import insert_articles
from tests.factories import make_article, make_category
from tests.queries import rows_examined

pytestmark = pytest.mark.django_db

TABLE = Article._meta.db_table


@pytest.fixture
def archive(monkeypatch):
    """2,000 articles that all say "thi đua", results capped at 100."""
    monkeypatch.setattr(search_module, "COUNT_CAP", 100)
    insert_articles(count=2000, categories=[make_category()], title="Thi đua yêu nước, tin")


def results(**query):
    form = SearchForm(query)
    form.is_valid()
    return find(form)


def plan_nodes(queryset):
    """Every node of the executed plan of `queryset`, as EXPLAIN's JSON dicts,
    the top one first."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    nodes, todo = [], [plan]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", ()))
    return nodes


def test_a_word_in_every_article_ranks_only_the_newest_candidates(archive):
    first_page = results(q="thi đua")[:10]

    sorts = [n for n in plan_nodes(first_page) if "ts_rank" in str(n.get("Sort Key"))]
    # The sort by rank reads the capped candidates, not the 2,000 matches.
    assert sorts and all(n["Plans"][0]["Actual Rows"] <= 101 for n in sorts)
    assert len(list(first_page)) == 10


def test_a_common_words_candidates_are_ranked_without_reading_each_again_by_key(archive):
    first_page = results(q="thi đua")[:10]

    indexes = {n.get("Index Name") for n in plan_nodes(first_page)}
    assert "article_published_idx" in indexes and f"{TABLE}_pkey" not in indexes
    assert len(list(first_page)) == 10


def test_search_results_carry_no_text_search_vector(archive):
    page = results(q="thi đua")[990:1000]

    returned = plan_nodes(page)[0]["Output"]  # the rows the page receives
    assert f"{TABLE}.title" in returned and f"{TABLE}.search_vector" not in returned


def test_a_common_word_is_counted_up_to_the_cap_and_its_last_page_exists(client, archive):
    paginator = CappedPaginator(results(q="thi đua"), 10)

    assert paginator.count == 100 and paginator.more
    assert len(paginator.page(10).object_list) == 10


def test_a_common_words_count_reads_only_its_candidates_once(archive):
    paginator = CappedPaginator(results(q="thi đua"), 10)

    with CaptureQueriesContext(connection) as captured:
        assert (paginator.count, paginator.more) == (100, True)

    (count,) = [q["sql"] for q in captured]
    # 101 candidates read down the publication index; not read again by key.
    assert rows_examined(count, TABLE) <= 102


def test_a_deep_page_sorts_the_candidates_keys_and_reads_only_its_own_articles(archive):
    paginator = CappedPaginator(results(q="thi đua"), 10)
    paginator.count  # noqa: B018  (counted apart)

    with CaptureQueriesContext(connection) as captured:
        page = list(paginator.page(10).object_list)

    ranked, rows = (q["sql"] for q in captured)
    assert "ts_rank" in ranked and '"title"' not in ranked.split(" FROM ")[0]
    assert "ts_rank" not in rows and rows_examined(rows, TABLE) <= 10
    assert len(page) == 10 and all(a.title.startswith("Thi đua") for a in page)


def test_a_search_filtered_after_it_was_made_is_counted_as_filtered(archive):
    filtered = results(q="thi đua").filter(category=make_category())  # an empty one

    assert CappedPaginator(filtered, 10).count == 0


def test_a_rare_word_reads_its_matches_not_the_archive(archive):
    make_article(title="Khánh thành cầu Rạch Miễu hai")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
    found = results(q="Rạch Miễu")

    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        literal = cursor.mogrify(sql, params)
        # On 2,000 rows a table scan or a walk down the publication index is
        # about as cheap, so the planner may take either: without those (and
        # with the text-search index's pending list merged, as VACUUM would),
        # the plan must read the match through the text-search index.
        cursor.execute("SELECT gin_clean_pending_list('article_search_idx')")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert [a.title for a in found] == ["Khánh thành cầu Rạch Miễu hai"]
    assert rows_examined(literal, TABLE) <= 10


def test_filters_choose_the_candidates_before_they_are_ranked(archive):
    other = make_category()
    mine = make_article(title="Thi đua khen thưởng ở chuyên mục khác", category=other)

    found = list(results(q="thi đua", **{"chuyen-muc": other.slug}))

    assert found == [mine]
