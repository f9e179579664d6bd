"""The scale rows: every page the archive's size could slow, timed in-process
(Django's test client, page cache off) on one database, as the median of a
few requests after one warm-up. Run once on the 100-article database and
once on a copy of the large template; bench/run.py prints the two side by
side.

    python -m bench.scale_rows [--runs 5] [--explain ROW]

with DATABASE_URL pointing at the database. Prints one JSON object: row name
-> {"ms": median milliseconds, "status": HTTP status, "queries": SQL
statements}; `--explain ROW` prints instead the EXPLAIN (ANALYZE, BUFFERS) of
each SELECT of that row on stderr. Staff rows sign in as a superuser it
creates (`bench-scale`, with a second factor proven).
"""

import argparse
import json
import os
import statistics
import sys
import time


def rows():
    """(name, path) of every scale row, for the database Django is set up on."""
    from django.urls import reverse

    from articles import paging
    from articles.models import Article, Category, Topic
    from articles.search import CappedPaginator, SearchForm, find
    from articles.sitemaps import ArticleSitemap
    from articles.views import PAGE_SIZE
    from ratings.models import Vote

    public = Article.objects.published()
    category = Category.objects.order_by("pk").first()
    in_category = public.filter(category=category).order_by("-published_at", "-pk")
    # Page 5,000, or the last full page of a smaller archive: a page of two
    # cards against one of twelve would compare two pages, not two sizes.
    deep_at = min(5000 * PAGE_SIZE, in_category.count() - PAGE_SIZE)
    deep = in_category[deep_at - 1 : deep_at].first()
    common = SearchForm({"q": "thi dua"})
    common.is_valid()
    deepest = min(100, CappedPaginator(find(common), 10).num_pages)
    sitemap_file = min(2, ArticleSitemap().paginator.num_pages)
    newest = public.order_by("-published_at", "-pk").first()
    topic = Topic.objects.order_by("pk").first()
    voted = Vote.objects.order_by("-created_at").values_list("article_id", flat=True).first()
    votes = reverse("admin:ratings_vote_changelist")
    summaries = reverse("admin:ratings_ratingsummary_changelist")
    found = [
        ("home", "/"),
        ("category, page 1", category.get_absolute_url()),
        ("category, page 5,000", f"{category.get_absolute_url()}?sau={paging.cursor_of(deep)}"),
        ("article", newest.get_absolute_url()),
        ("topic", topic.get_absolute_url() if topic else None),
        ("search, common word, page 1", "/tim-kiem/?q=thi+dua"),
        ("search, common word, last page", f"/tim-kiem/?q=thi+dua&trang={deepest}"),
        ("search, rare word", f"/tim-kiem/?q={newest.pk}"),
        ("search, document number", "/tim-kiem/?q=15%2F2020%2FND-CP"),
        ("sitemap index", "/sitemap.xml"),
        (
            "sitemap file",
            "/sitemap-articles.xml" + (f"?p={sitemap_file}" if sitemap_file > 1 else ""),
        ),
        ("RSS", "/rss/"),
        ("article admin list", reverse("admin:articles_article_changelist")),
        (
            "article admin search, common word",
            f"{reverse('admin:articles_article_changelist')}?q=thi+dua",
        ),
        ("vote admin list", votes),
        ("vote admin list, one article", f"{votes}?article__id__exact={voted}"),
        ("vote admin search, common word", f"{votes}?q=thi+dua"),
        ("vote admin, one year", f"{votes}?created_at__year={time.gmtime().tm_year}"),
        ("summaries admin list", summaries),
        ("summaries admin search, common word", f"{summaries}?q=thi+dua"),
        ("moderation dashboard", reverse("admin:index")),
        ("CSV export, first byte", reverse("admin:ratings_vote_export")),
    ]
    return [(name, path) for name, path in found if path]


def staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.factories import prove_second_factor

    user, _ = get_user_model().objects.get_or_create(
        username="bench-scale", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    prove_second_factor(client, user)
    return client


def timed(client, path):
    """(milliseconds to the first byte of the body, status) of one GET."""
    started = time.perf_counter()
    response = client.get(path)
    if response.streaming:
        next(iter(response.streaming_content), b"")
    else:
        response.content  # noqa: B018  (rendered)
    return (time.perf_counter() - started) * 1000, response.status_code


def measure(runs):
    from django.db import connection

    client = staff_client()
    figures = {}
    for name, path in rows():
        timed(client, path)  # warm-up: templates, connections
        queries = []

        def count(run, sql, *rest, queries=queries):
            queries.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            status = timed(client, path)[1]
        times = [timed(client, path)[0] for _ in range(runs)]
        figures[name] = {
            "path": path,
            "ms": round(statistics.median(times), 1),
            "status": status,
            "queries": len(queries),
        }
    return figures


def explain(row):
    """EXPLAIN (ANALYZE, BUFFERS) of each SELECT that the row's page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client()
    path = dict(rows())[row]
    with CaptureQueriesContext(connection) as queries:
        timed(client, path)
    for query in queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(line for (line,) in cursor.fetchall())
        print(f"-- {query['time']} s\n{query['sql'][:600]}\n{plan}\n", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", metavar="ROW")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpcp_portal.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # every row renders
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"  # stdout carries the figures
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    if args.explain:
        explain(args.explain)
        return
    print(json.dumps(measure(args.runs)))


if __name__ == "__main__":
    main()
