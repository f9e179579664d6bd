"""`make bench`: load-test the production stack on loopback and print one table.

Starts the baseline (a bare Django project, one view, no middleware) and the
portal under the same gunicorn settings against a fresh PostgreSQL database
(and Redis when reachable), seeds data, drives each row with wrk for a bounded
time and prints every row against the baseline; then the pgbench ceiling for
votes, the article pages the minute after a publish, the article and vote rows
through nginx in front of two app servers, and the scale rows (100,000
articles and 1,000,000 votes), and the revision comparison of a 5,000-word
article (compare.py), and how many captchas a small classifier trained on
the drawing's own labelled images reads (captcha_classifier.py, a figure,
not a gate). Stops everything it started. Figures go to
stdout and to bench/results/latest.json. Stages: environment.py (database,
settings), stack.py (servers, wrk, pgbench), seed.py (data), rows.py
(measures), scale.py (the 100,000-article rows), report.py (table).
"""

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import compare, report, scale_table, seed, stack  # noqa: E402
from bench.environment import (  # noqa: E402
    DB_NAME,
    PG,
    REDIS,
    TRUST_WRK,
    django_setup,
    log,
    manage,
    redis_reachable,
    server_env,
)
from bench.rows import OFFSET_PER_RUN, Bench  # noqa: E402
from bench.scale import scale  # noqa: E402
from wholestack.front import Nginx  # noqa: E402

HERE = ROOT / "bench"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-scale", action="store_true", help="skip the 100,000-article rows")
    parser.add_argument("--no-nginx", action="store_true", help="skip the rows through nginx")
    parser.add_argument(
        "--scale",
        action="store_true",
        help="only the scale rows, in-process, at 100 articles and at --scale-articles",
    )
    parser.add_argument("--scale-articles", type=int, default=1_000_000)
    parser.add_argument("--scale-votes", type=int, default=10_000_000)
    parser.add_argument("--scale-runs", type=int, default=5)
    parser.add_argument(
        "--scale-rounds", type=int, default=3, help="alternating rounds of both sizes (--scale)"
    )
    args = parser.parse_args()
    if args.scale:
        scale_table.main(args)
        return

    use_redis = redis_reachable()
    env = server_env(use_redis)
    log(f"fresh database {DB_NAME}; cache: {'Redis ' + REDIS if use_redis else 'local memory'}")
    seed.recreate_database(PG, DB_NAME)
    if use_redis:
        import redis

        redis.Redis.from_url(REDIS).flushdb()  # the bench's own db number only
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    django_setup(env)
    seed.seed_articles(100)

    from django.conf import settings

    from articles.models import Article

    public = list(Article.objects.published().order_by("-published_at")[:100])
    article = public[0]
    work = Path(tempfile.mkdtemp(prefix="bench-work-"))
    bench = Bench(args, work)
    rng = random.Random(7)
    votes_file, captcha_file = work / "votes.txt", work / "captchas.txt"
    log(f"making {3 * OFFSET_PER_RUN} captchas and proofs of work for the vote row")
    captchas = seed.make_captchas(3 * OFFSET_PER_RUN)
    proofs = seed.make_proofs(len(captchas))
    with open(votes_file, "w") as out:
        for (key, answer), paid in zip(captchas, proofs, strict=True):
            out.write(f"{rng.choice(public).pk} {key} {answer} {rng.randint(1, 5)} {paid}\n")
    bench.paths_file(
        "captchas.txt", (f"/captcha/image/{key}/" for key, _ in seed.make_captchas(2000))
    )
    pgbench_script = seed.prepare_pgbench(f"{PG}/{DB_NAME}", work)
    vote = (HERE / "vote.lua", (votes_file, args.wrk_threads))
    rows = [
        ("/healthz", "/healthz", None, ()),
        ("home page", "/", None, ()),
        ("category page", article.category.get_absolute_url(), None, ()),
        ("article page", article.get_absolute_url(), None, ()),
        ("search", "/tim-kiem/?q=thi+dua+doi+moi", None, ()),
        ("RSS", "/rss/", None, ()),
        ("rating GET", f"/api/ratings/{article.pk}/", None, ()),
        ("vote POST", "/", *vote),
        ("captcha image", "/", HERE / "cycle.lua", (captcha_file,)),
    ]
    results = {"rows": [], "nginx": [], "scale": []}
    log("comparing two revisions of 500- and 5,000-word articles")
    results["compare"] = compare.figures()
    from bench import captcha_classifier  # reads the captcha settings: after django_setup

    log(f"training a classifier on {captcha_classifier.TRAIN} captchas the drawing labels")
    results["captcha_classifier"] = captcha_classifier.figures()
    load_before = round(os.getloadavg()[0], 1)
    seed.settle()
    bare = stack.Gunicorn(env, args.workers, args.threads, bare=True)
    server = stack.Gunicorn(env, args.workers, args.threads)
    try:
        # The first half minute after start-up is slower, whichever row falls
        # in it; one pass over every page first keeps it out of the table.
        log("warming up")
        for _, path, script, _ in rows:
            if not script:
                stack.wrk(server.base, path, 3, args.connections, args.wrk_threads)
        log("bare Django view (baseline)")
        results["rows"].append(
            {"row": "bare Django view", "path": "/healthz", **bench.measure(bare.base, "/healthz")}
        )
        bare.stop()
        for name, path, script, script_args in rows:
            log(f"{name}: {path if not script else script.name}")
            results["rows"].append(
                {"row": name, "path": path, **bench.measure(server.base, path, script, script_args)}
            )
        log("article page while one client sends random query strings and junk cookies")
        attack = bench.under_attack(server.base, article.get_absolute_url())
        results["rows"].append({"row": "article page, readers under junk load", **attack})
        log("pgbench ceiling")
        results["pgbench"] = stack.pgbench(
            f"{PG}/{DB_NAME}", pgbench_script, args.duration, args.connections, args.wrk_threads
        )
        log("the minute after a publish")
        # Readers crowd the home page and the newest article, the rest spread out.
        hot = ["/", article.get_absolute_url()] * 5
        pages = hot + [a.get_absolute_url() for a in public[1:41]]
        results["after_publish"] = bench.after_publish(server.base, pages, public[-1])
        if not args.no_nginx:
            second = stack.Gunicorn(env, args.workers, args.threads)
            proxy = Nginx(
                [server.base, second.base], settings.STATIC_ROOT, settings.MEDIA_ROOT, TRUST_WRK
            )
            try:
                for name, path, script, script_args in (rows[3], rows[7]):
                    log(f"through nginx: {name}")
                    # Vote runs through nginx use the captchas half way between the direct runs'.
                    figures = bench.measure(
                        proxy.base, path, script, script_args, offset=OFFSET_PER_RUN // 2
                    )
                    results["nginx"].append({"row": f"{name} via nginx", **figures})
            finally:
                proxy.stop()
                second.stop()
        if not args.no_scale:
            scale(bench, env, server, article, results)
    finally:
        bare.stop()
        server.stop()
    results["meta"] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 1),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration_s": args.duration,
        "runs": 3,
        "cache": "redis" if use_redis else "locmem",
        "targets": report.TARGETS,
    }
    report.ratios(results)
    report.write(results)
    report.print_table(results)


if __name__ == "__main__":
    main()
