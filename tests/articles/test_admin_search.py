"""Admin look-ups read what staff type as the public search does: without
marks, in any case, by document number."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Category, Topic
from bench.newsroom import insert_articles
from bench.seed import seed_votes
from ratings.models import RatingSummary, Vote
from tests.articles.desk import staff
from tests.factories import make_article, make_category, make_topic
from tests.queries import most_rows_examined
from tests.ratings.factories import make_vote

pytestmark = pytest.mark.django_db


def listed(response):
    return sorted(str(row) for row in response.context["cl"].result_list)


def test_the_category_list_finds_a_name_typed_without_marks(admin_client):
    make_category(name="Hoạt động Chính phủ")
    make_category(name="Kinh tế")

    response = admin_client.get("/quan-tri/articles/category/", {"q": "hoat dong"})

    assert listed(response) == ["Hoạt động Chính phủ"]


@pytest.mark.parametrize(
    ("field", "make", "names", "typed"),
    [
        ("topics", make_topic, ["Chuyển đổi số", "Đầu tư công"], "DAU TU"),
        ("category", make_category, ["Kinh tế", "Hoạt động Chính phủ"], "hoat  DONG"),
    ],
)
def test_the_article_form_autocomplete_finds_a_name_typed_without_marks(
    client, field, make, names, typed
):
    for name in names:
        make(name=name)
    client.force_login(staff("editor"))

    asked = {"app_label": "articles", "model_name": "article", "field_name": field}
    response = client.get("/quan-tri/autocomplete/", {**asked, "term": typed})

    assert [item["text"] for item in response.json()["results"]] == [names[1]]


def test_the_article_list_finds_titles_without_marks_and_document_numbers(admin_client):
    make_article(title="Phát động thi đua yêu nước")
    make_article(title="Nghị định 15/2020/NĐ-CP về xử phạt", status=Article.Status.DRAFT)
    make_article(title="Xuất khẩu gạo")

    by_words = admin_client.get("/quan-tri/articles/article/", {"q": "thi dua"})
    by_number = admin_client.get("/quan-tri/articles/article/", {"q": "15/2020"})

    assert listed(by_words) == ["Phát động thi đua yêu nước"]
    assert listed(by_number) == ["Nghị định 15/2020/NĐ-CP về xử phạt"]


def test_the_vote_list_finds_votes_by_their_article_typed_without_marks(admin_client):
    wanted = make_article(title="Phong trào thi đua")
    make_vote(article=wanted, ip="203.0.113.5")
    make_vote(article=make_article(title="Tin khác"), ip="203.0.113.6")

    response = admin_client.get("/quan-tri/ratings/vote/", {"q": "THI DUA"})

    assert [vote.article_id for vote in response.context["cl"].result_list] == [wanted.pk]


def test_the_topic_list_finds_a_name_typed_with_other_marks_and_case(admin_client):
    make_topic(name="Đại hội Đảng")
    make_topic(name="Dải đất miền Trung")

    response = admin_client.get("/quan-tri/articles/topic/", {"q": "đai HOI"})

    assert listed(response) == ["Đại hội Đảng"]


@pytest.mark.parametrize("model", [Category, Topic])
def test_a_name_search_over_thousands_of_names_reads_the_folded_name_index(model):
    model.objects.bulk_create(
        model(name=f"Tên số {n} của danh mục", slug=f"ten-so-{n}") for n in range(5000)
    )
    model.objects.bulk_create([model(name="Hoạt động Chính phủ", slug="hoat-dong")])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {model._meta.db_table}")

    found = model.objects.named_like("hoat dong")
    plan = found.explain()

    assert [row.name for row in found] == ["Hoạt động Chính phủ"]
    assert f"{model._meta.model_name}_name_fold_idx" in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.slow
def test_the_vote_search_over_thousands_of_articles_reads_the_article_indexes_not_every_vote():
    insert_articles(count=5000, categories=[make_category()])
    wanted = make_article(title="Phong trào thi đua yêu nước")
    seed_votes(20_000, list(Article.objects.values_list("pk", flat=True)))
    with connection.cursor() as cursor:
        # What autovacuum does to a live archive: new rows leave the index's
        # pending list, which the planner would otherwise read in full.
        cursor.execute("SELECT gin_clean_pending_list('article_search_idx')")
        cursor.execute("ANALYZE articles_article")
    search = admin.site._registry[Vote]

    with CaptureQueriesContext(connection) as matching:
        found, _ = search.get_search_results(None, Vote.objects.order_by("-created_at"), "thi dua")
    (matches,) = [query["sql"] for query in matching]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {matches}")
        matches_plan = "\n".join(line for (line,) in cursor.fetchall())
    plan = found[:100].explain()

    assert {vote.article_id for vote in found} == {wanted.pk}
    assert "article_search_idx" in matches_plan, matches_plan
    assert "Seq Scan" not in matches_plan + plan, plan


def test_the_vote_search_tests_each_votes_article_against_one_list_of_matches():
    from ratings.admin.votes import VoteAdmin

    article = make_article(title="Thi đua khen thưởng", slug="thi-dua")
    make_vote(article)
    search = VoteAdmin(Vote, admin.site).get_search_results
    found, _ = search(None, Vote.objects.order_by("-created_at"), "thi đua")

    # An OR of the matches and the slug, across the join to the articles, is
    # a filter PostgreSQL runs per vote (a SubPlan): minutes at millions.
    assert list(found) == list(Vote.objects.filter(article=article))
    assert "SubPlan" not in found.explain()


@pytest.fixture
def common_word(monkeypatch):
    """20,000 public articles that all say "thi đua" (a table the planner
    reads through its indexes), the article list's search keeping the 200
    last changed; one more changed last, and a submitted one changed before
    them all."""
    monkeypatch.setattr("articles.admin.search.SEARCH_CANDIDATES", 200)
    category = make_category()
    waiting = make_article(title="Thi đua chờ duyệt", category=category, status="submitted")
    Article.objects.filter(pk=waiting.pk).update(updated_at=waiting.updated_at - timedelta(days=9))
    insert_articles(count=20_000, categories=[category], title="Phát động thi đua")
    latest = make_article(title="Thi đua sửa gần nhất", category=category)
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('article_search_idx')")
        cursor.execute("ANALYZE articles_article")
    return waiting, latest


@pytest.mark.slow
def test_the_article_list_searches_a_common_word_among_its_last_changed_matches(
    admin_client, common_word
):
    _, latest = common_word

    read, response = most_rows_examined(
        lambda: admin_client.get("/quan-tri/articles/article/", {"q": "thi dua"}),
        Article._meta.db_table,
    )

    rows = response.context["cl"].result_list
    assert rows[0] == latest and len(rows) == 50
    assert "Hơn 200 kết quả" in response.content.decode()
    # The 201 candidates, found then fetched by key, not the 20,000 matches.
    assert read <= 2 * 201


@pytest.mark.slow
def test_the_article_lists_filters_come_before_its_search_cap(admin_client, common_word):
    waiting, _ = common_word

    response = admin_client.get(
        "/quan-tri/articles/article/", {"q": "thi dua", "trang_thai": "submitted"}
    )
    by_slug = admin_client.get("/quan-tri/articles/article/", {"q": waiting.slug})

    assert list(response.context["cl"].result_list) == [waiting]
    assert list(by_slug.context["cl"].result_list) == [waiting]


@pytest.fixture
def archive_saying_thi_dua(monkeypatch):
    """3,000 public articles that all say "thi đua", the vote search taking
    up to 200 matching articles as a list, and the vote list's count capped
    at 200."""
    monkeypatch.setattr("articles.admin.search.MATCHED_ARTICLES", 200)
    monkeypatch.setattr("core.admin_lists.AdminPaginator.cap", 200)
    insert_articles(count=3000, categories=[make_category()], title="Phát động thi đua")
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('article_search_idx')")
        cursor.execute("ANALYZE articles_article")
    return list(Article.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.slow
def test_the_vote_search_for_a_common_word_reads_a_page_of_votes_not_every_match(
    admin_client, archive_saying_thi_dua
):
    rated = archive_saying_thi_dua[:400]
    seed_votes(800, rated)
    other = make_article(title="Tin khác")
    make_vote(article=other, ip="203.0.113.7")

    def search():
        return admin_client.get("/quan-tri/ratings/vote/", {"q": "thi dua"})

    votes_read, response = most_rows_examined(search, Vote._meta.db_table)
    articles_read, _ = most_rows_examined(search, Article._meta.db_table)

    rows = response.context["cl"].result_list
    assert len(rows) == 100 and {vote.article_id for vote in rows} <= set(rated)
    assert "Hơn 200 lượt đánh giá" in response.content.decode()
    assert votes_read < 450  # a page and the capped count, not the 801 votes
    assert articles_read < 800  # the capped list of matches, not the 3,000


@pytest.mark.slow
def test_the_vote_search_finds_a_word_common_in_the_archive_among_few_rated_articles(
    admin_client, archive_saying_thi_dua
):
    wanted = archive_saying_thi_dua[-1]
    other = make_article(title="Tin khác")
    seed_votes(30, [wanted, other.pk])

    articles_read, response = most_rows_examined(
        lambda: admin_client.get("/quan-tri/ratings/vote/", {"q": "thi dua"}),
        Article._meta.db_table,
    )

    assert {vote.article_id for vote in response.context["cl"].result_list} == {wanted}
    assert len(response.context["cl"].result_list) == 15
    assert articles_read < 300  # 201 matches, then the two rated articles: not the archive


@pytest.mark.slow
def test_the_rating_summaries_search_reads_a_page_of_rated_articles_not_every_one(
    admin_client, archive_saying_thi_dua
):
    rated = archive_saying_thi_dua[:300]
    other = make_article(title="Tin khác")
    seed_votes(600, [*rated, other.pk])
    with connection.cursor() as cursor:
        # The plans of a long list of rated articles: a few hundred rows would
        # be read whole and sorted, as cheap at this size.
        cursor.execute("ANALYZE ratings_ratingsummary")
        cursor.execute("SET LOCAL enable_seqscan = off")

    def search():
        return admin_client.get("/quan-tri/ratings/ratingsummary/", {"q": "thi dua"})

    read, response = most_rows_examined(search, RatingSummary._meta.db_table)

    rows = response.context["cl"].result_list
    assert len(rows) == 100 and {summary.article_id for summary in rows} <= set(rated)
    assert [summary.count for summary in rows] == sorted((s.count for s in rows), reverse=True)
    assert "Hơn 200 tổng hợp đánh giá" in response.content.decode()
    assert "Tin khác" not in response.content.decode()
    assert read <= 202  # the capped count; the page reads its rows in order, not all 301


@pytest.mark.slow
def test_the_rating_summaries_list_reads_its_page_in_order_not_every_summary(
    admin_client, archive_saying_thi_dua
):
    seed_votes(600, archive_saying_thi_dua[:300])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ratings_ratingsummary")
        cursor.execute("SET LOCAL enable_seqscan = off")

    read, response = most_rows_examined(
        lambda: admin_client.get("/quan-tri/ratings/ratingsummary/"),
        RatingSummary._meta.db_table,
    )

    counts = [summary.count for summary in response.context["cl"].result_list]
    assert len(counts) == 100 and counts == sorted(counts, reverse=True)
    assert read <= 202  # the capped count and a page read down the index
