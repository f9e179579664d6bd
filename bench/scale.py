"""The scale rows: the home and article pages, cached and uncached, at 100
and at 100,000 articles (with 1,000,000 votes)."""

from bench import seed, stack
from bench.environment import log


def scale(bench, env, server, article, results):
    """Home and article, cached and uncached, at 100 and at 100,000 articles."""
    from articles.models import Article
    from pagecache import expire
    from pagecache.keys import EVERY_PAGE

    uncached = stack.Gunicorn(
        {**env, "PAGE_CACHE_SECONDS": "0"}, bench.args.workers, bench.args.threads
    )
    rows = [
        ("home page", server, "/"),
        ("article page", server, article.get_absolute_url()),
        ("home page, uncached", uncached, "/"),
        ("article page, uncached", uncached, article.get_absolute_url()),
    ]
    try:
        small = {}
        for name, target, path in rows:
            log(f"scale, 100 articles: {name}")
            small[name] = bench.measure(target.base, path)
        log("growing to 100,000 articles and 1,000,000 votes")
        seed.seed_articles(100_000)
        ids = list(
            Article.objects.published()
            .order_by("-published_at")
            .values_list("pk", flat=True)[:20000]
        )
        seed.seed_votes(1_000_000, ids)
        expire([EVERY_PAGE])  # seeded in bulk: no save signal expired the pages
        seed.settle()
        for name, target, path in rows:
            log(f"scale, 100,000 articles: {name}")
            large = bench.measure(target.base, path)
            ratio = round(small[name]["rps"] / large["rps"], 3)
            results["scale"].append(
                {"row": name, "small": small[name], "large": large, "ratio": ratio}
            )
    finally:
        uncached.stop()
